package jtracec.loader.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;

/**
 * Kernel addresses to symbol names from {@code /proc/kallsyms}: the symbol with the greatest
 * address not above the one asked for. Addresses shown as zero (kptr_restrict) are dropped, so a
 * restricted kallsyms resolves nothing rather than everything to the first symbol.
 */
public final class KernelSymbols {
    private final long[] addresses;
    private final String[] names;

    private KernelSymbols(long[] addresses, String[] names) {
        this.addresses = addresses;
        this.names = names;
    }

    public static KernelSymbols read(Path kallsyms) throws IOException {
        record Entry(long address, String name) {}
        var entries = new ArrayList<Entry>();
        try (var lines = Files.lines(kallsyms)) {
            lines.forEach(line -> {
                var parts = line.split("\\s+");
                if (parts.length < 3) return;
                long address = Long.parseUnsignedLong(parts[0], 16);
                if (address != 0) entries.add(new Entry(address, parts[2]));
            });
        }
        entries.sort(Comparator.comparing(Entry::address, Long::compareUnsigned));
        return new KernelSymbols(entries.stream().mapToLong(Entry::address).toArray(), entries.stream().map(Entry::name).toArray(String[]::new));
    }

    public static KernelSymbols empty() {
        return new KernelSymbols(new long[0], new String[0]);
    }

    public Optional<String> name(long address) {
        int found = index(address);
        return found < 0 ? Optional.empty() : Optional.of(names[found]);
    }

    /** {@code name+offset}, as bcc's symbol cache prints a stack frame. */
    public Optional<String> nameWithOffset(long address) {
        int found = index(address);
        return found < 0 ? Optional.empty() : Optional.of(names[found] + "+" + (address - addresses[found]));
    }

    private int index(long address) {
        int low = 0, high = addresses.length - 1, found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(addresses[middle], address) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    public int size() {
        return addresses.length;
    }
}

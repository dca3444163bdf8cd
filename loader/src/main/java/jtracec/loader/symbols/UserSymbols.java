package jtracec.loader.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * User addresses of a live process to function names, as bcc's symbol cache does for bpftrace:
 * find the file mapping in {@code /proc/<pid>/maps}, turn the address into a file offset, then into
 * the ELF's virtual address, then into the enclosing function. A process that has exited, an
 * anonymous mapping or a stripped file resolve to nothing.
 */
public final class UserSymbols {
    private final Path procfs;
    private final Names names;
    private final Map<Path, Optional<ElfFile>> files = new HashMap<>();

    /** Demangled, as bpftrace 0.17 prints C++ frames by default. */
    public UserSymbols(Path procfs) {
        this(procfs, Names.DEMANGLED);
    }

    public UserSymbols(Path procfs, Names names) {
        this.procfs = procfs;
        this.names = names;
    }

    /** {@code name} or, with an offset, {@code name+offset}. */
    public Optional<String> resolve(long pid, long address, Offset offset) {
        String maps;
        try {
            maps = Files.readString(procfs.resolve(Long.toString(pid)).resolve("maps"));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (var line : maps.split("\n")) {
            // 7f12a000-7f12c000 r-xp 00002000 fd:01 1234   /usr/lib/libc.so.6
            var parts = line.trim().split("\\s+", 6);
            if (parts.length < 6 || !parts[5].startsWith("/")) continue;
            int dash = parts[0].indexOf('-');
            long start = Long.parseUnsignedLong(parts[0].substring(0, dash), 16);
            long end = Long.parseUnsignedLong(parts[0].substring(dash + 1), 16);
            if (Long.compareUnsigned(address, start) < 0 || Long.compareUnsigned(address, end) >= 0) continue;
            long fileOffset = address - start + Long.parseUnsignedLong(parts[2], 16);
            var elf = files.computeIfAbsent(Path.of(parts[5]), UserSymbols::read);
            if (elf.isEmpty()) return Optional.empty();
            var virtualAddress = elf.get().virtualAddress(fileOffset);
            if (virtualAddress.isEmpty()) return Optional.empty();
            // demangled as bpftrace 0.17 prints C++ frames (its BPFTRACE_NO_CPP_DEMANGLE default), Rust as its paths
            return elf.get().functionAt(virtualAddress.getAsLong()).map(symbol -> {
                String name = names == Names.DEMANGLED ? Demangler.demangle(symbol.name()).orElse(symbol.name()) : symbol.name();
                return offset == Offset.SHOWN ? name + "+" + (virtualAddress.getAsLong() - symbol.address()) : name;
            });
        }
        return Optional.empty();
    }

    /** Whether C++ and Rust names are demangled, or printed as the symbol table spells them (BPFTRACE_NO_CPP_DEMANGLE=1). */
    public enum Names { DEMANGLED, MANGLED }

    /** Whether a resolved name carries its offset (stack frames do, usym() does not). */
    public enum Offset { SHOWN, HIDDEN }

    private static Optional<ElfFile> read(Path file) {
        try {
            return Optional.of(ElfFile.read(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

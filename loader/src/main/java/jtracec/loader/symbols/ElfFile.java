package jtracec.loader.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import jtracec.loader.elf.ElfSections;

/**
 * The function symbols of a 64-bit little-endian ELF file (executable or shared object) and its
 * loadable segments, enough to turn {@code binary:symbol} into the file offset a uprobe needs.
 * Reads {@code .symtab} when present and {@code .dynsym} always (System V gABI, "Symbol Table"),
 * through the shared {@link ElfSections}.
 */
public final class ElfFile {
    private static final int PT_LOAD = 1, PF_X = 1;

    /** A defined function symbol: name, virtual address, size. */
    public record Symbol(String name, long address, long size) {}

    private record Segment(long fileOffset, long address, long fileSize, boolean isExecutable) {}

    private final Path path;
    private final Map<String, Symbol> functions;
    private final List<Segment> segments;

    private ElfFile(Path path, Map<String, Symbol> functions, List<Segment> segments) {
        this.path = path;
        this.functions = functions;
        this.segments = segments;
    }

    /** Reads the file; fails with {@link ElfFormatException} when it is not a 64-bit little-endian ELF. */
    public static ElfFile read(Path path) throws IOException {
        try (var channel = FileChannel.open(path, StandardOpenOption.READ)) {
            var bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            return parse(path, bytes);
        }
    }

    static ElfFile parse(Path path, ByteBuffer bytes) throws ElfFormatException {
        var elf = ElfSections.parse(path, bytes);
        try {
            return new ElfFile(path, functions(elf), segments(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN)));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ElfFormatException(path + " is a truncated or malformed ELF file");
        }
    }

    private static List<Segment> segments(ByteBuffer bytes) {
        long phoff = bytes.getLong(32);
        int phentsize = Short.toUnsignedInt(bytes.getShort(54));
        int phnum = Short.toUnsignedInt(bytes.getShort(56));
        var segments = new ArrayList<Segment>();
        for (int i = 0; i < phnum; i++) {
            int at = Math.toIntExact(phoff + (long) i * phentsize);
            if (bytes.getInt(at) != PT_LOAD) continue;
            segments.add(new Segment(bytes.getLong(at + 8), bytes.getLong(at + 16), bytes.getLong(at + 32),
                    (bytes.getInt(at + 4) & PF_X) != 0));
        }
        return List.copyOf(segments);
    }

    private static Map<String, Symbol> functions(ElfSections elf) throws ElfFormatException {
        var functions = new LinkedHashMap<String, Symbol>();
        for (int type : new int[] {ElfSections.SHT_SYMTAB, ElfSections.SHT_DYNSYM}) {
            for (var symbol : elf.symbols(type)) {
                boolean isFunction = symbol.kind() == ElfSections.STT_FUNC || symbol.kind() == ElfSections.STT_GNU_IFUNC;
                if (!isFunction || symbol.section() == ElfSections.SHN_UNDEF || symbol.value() == 0) continue;
                // versioned dynamic names ("memcpy@@GLIBC_2.14") are reached by their plain name too
                functions.putIfAbsent(symbol.name(), new Symbol(symbol.name(), symbol.value(), symbol.size()));
            }
        }
        return functions;
    }

    public Path path() {
        return path;
    }

    public Optional<Symbol> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** Every defined function, in symbol-table order. */
    public List<Symbol> functions() {
        return List.copyOf(functions.values());
    }

    /** The function whose [address, address + size) holds {@code address}. */
    public Optional<Symbol> functionAt(long address) {
        Symbol best = null;
        for (var symbol : functions.values()) {
            if (Long.compareUnsigned(symbol.address(), address) <= 0 && Long.compareUnsigned(address, symbol.address() + Math.max(1, symbol.size())) < 0
                    && (best == null || Long.compareUnsigned(symbol.address(), best.address()) > 0)) {
                best = symbol;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The virtual address a file offset is loaded at, through the loadable segment that holds it. */
    public OptionalLong virtualAddress(long fileOffset) {
        return segments.stream()
                .filter(segment -> fileOffset >= segment.fileOffset() && fileOffset < segment.fileOffset() + segment.fileSize())
                .mapToLong(segment -> fileOffset - segment.fileOffset() + segment.address())
                .findFirst();
    }

    /** The file offset of a virtual address, through the loadable segment that maps it. */
    public OptionalLong fileOffset(long address) {
        return segments.stream()
                .filter(segment -> address >= segment.address() && address < segment.address() + segment.fileSize())
                .sorted((a, b) -> Boolean.compare(b.isExecutable(), a.isExecutable()))
                .mapToLong(segment -> address - segment.address() + segment.fileOffset())
                .findFirst();
    }
}

package jtracec.loader.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
    private final Map<String, Symbol> objects;
    private final List<Segment> segments;
    private final List<String> debugLinkageNames;
    private final List<UsdtProbe> usdtProbes;

    private ElfFile(Path path, Map<String, Symbol> functions, Map<String, Symbol> objects, List<Segment> segments,
                    List<String> debugLinkageNames, List<UsdtProbe> usdtProbes) {
        this.path = path;
        this.functions = functions;
        this.objects = objects;
        this.segments = segments;
        this.debugLinkageNames = debugLinkageNames;
        this.usdtProbes = usdtProbes;
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
            var littleEndian = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            return new ElfFile(path, functions(elf), objects(elf), segments(littleEndian), debugLinkageNames(elf, littleEndian), usdtProbes(elf, littleEndian));
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

    /** Data objects (STT_OBJECT) of .symtab, then .dynsym, as bcc's bcc_elf_foreach_sym visits them for bpftrace's uaddr(). */
    private static Map<String, Symbol> objects(ElfSections elf) throws ElfFormatException {
        var objects = new LinkedHashMap<String, Symbol>();
        for (int type : new int[] {ElfSections.SHT_SYMTAB, ElfSections.SHT_DYNSYM}) {
            for (var symbol : elf.symbols(type)) {
                if (symbol.kind() != ElfSections.STT_OBJECT || symbol.section() == ElfSections.SHN_UNDEF) continue;
                objects.putIfAbsent(symbol.name(), new Symbol(symbol.name(), symbol.value(), symbol.size()));
            }
        }
        return objects;
    }

    /**
     * The mangled names in {@code .debug_str}: DWARF's DW_AT_linkage_name of every function the
     * compiler saw, including those it inlined everywhere and so gave no symbol.
     */
    private static List<String> debugLinkageNames(ElfSections elf, ByteBuffer bytes) {
        var found = new ArrayList<String>();
        for (var section : elf.sections()) {
            if (!section.name().equals(".debug_str")) continue;
            int end = Math.toIntExact(section.offset() + section.size());
            for (int at = Math.toIntExact(section.offset()); at < end; ) {
                int stop = at;
                while (stop < end && bytes.get(stop) != 0) stop++;
                if (stop - at > 2 && bytes.get(at) == '_' && (bytes.get(at + 1) == 'Z' || bytes.get(at + 1) == 'R')) found.add(ElfSections.string(bytes, at));
                at = stop + 1;
            }
        }
        return List.copyOf(found);
    }

    /**
     * The probes of {@code .note.stapsdt}: notes of owner "stapsdt", type 3, whose descriptor is
     * pc, base and semaphore (8 bytes each), then provider, name and arguments as C strings. A
     * prelinked file moves {@code .stapsdt.base}; pc and semaphore move with it (sdt.h's design).
     */
    private static List<UsdtProbe> usdtProbes(ElfSections elf, ByteBuffer bytes) {
        var sections = elf.sections();
        var base = sections.stream().filter(section -> section.name().equals(".stapsdt.base")).findFirst();
        var probes = new ArrayList<UsdtProbe>();
        for (var section : sections) {
            if (!section.name().equals(".note.stapsdt")) continue;
            int at = Math.toIntExact(section.offset());
            int end = Math.toIntExact(at + section.size());
            while (at + 12 <= end) {
                int nameSize = bytes.getInt(at), descriptorSize = bytes.getInt(at + 4), type = bytes.getInt(at + 8);
                int descriptor = at + 12 + align4(nameSize);
                if (type == 3 && nameSize == 8 && ElfSections.string(bytes, at + 12).equals("stapsdt")) {
                    long pc = bytes.getLong(descriptor), linkBase = bytes.getLong(descriptor + 8), semaphore = bytes.getLong(descriptor + 16);
                    long shift = base.map(stapsdtBase -> stapsdtBase.address() - linkBase).orElse(0L);
                    String provider = ElfSections.string(bytes, descriptor + 24);
                    int nameAt = descriptor + 24 + provider.getBytes(StandardCharsets.UTF_8).length + 1;
                    String name = ElfSections.string(bytes, nameAt);
                    String arguments = ElfSections.string(bytes, nameAt + name.getBytes(StandardCharsets.UTF_8).length + 1);
                    probes.add(new UsdtProbe(provider, name, pc + shift, semaphore == 0 ? 0 : semaphore + shift,
                            arguments.isBlank() ? List.of() : List.of(arguments.trim().split("\\s+"))));
                }
                at = descriptor + align4(descriptorSize);
            }
        }
        return List.copyOf(probes);
    }

    private static int align4(int size) {
        return (size + 3) & ~3;
    }


    public Path path() {
        return path;
    }

    public Optional<Symbol> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** A defined data object (a global or static variable) by its symbol name. */
    public Optional<Symbol> object(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    /**
     * The functions a uprobe's function names, by symbol or demangled name (see {@link FunctionPattern}),
     * once per address: aliases of one function would fire its probe twice.
     */
    public List<Symbol> functionsMatching(FunctionPattern pattern) {
        if (!pattern.isWildcard() && functions.containsKey(pattern.text())) return List.of(functions.get(pattern.text()));
        var seen = new java.util.HashSet<Long>();
        return functions.values().stream().filter(symbol -> pattern.matches(symbol.name()))
                .filter(symbol -> seen.add(symbol.address())).toList();
    }

    /**
     * Functions the debug information names but the symbol tables do not: the compiler inlined them
     * into their callers (or dropped them), so there is no address to probe. Empty without debug info.
     */
    public List<String> inlinedFunctionsMatching(FunctionPattern pattern) {
        return debugLinkageNames.stream().filter(name -> !functions.containsKey(name)).filter(pattern::matches)
                .map(name -> Demangler.demangle(name).orElse(name)).distinct().toList();
    }

    /** The USDT probe sites of {@code .note.stapsdt}, in note order (one probe may have several sites). */
    public List<UsdtProbe> usdtProbes() {
        return usdtProbes;
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

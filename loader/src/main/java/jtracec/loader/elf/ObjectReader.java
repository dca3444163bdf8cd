package jtracec.loader.elf;

import static jtracec.spec.isa.Opcodes.PSEUDO_CALL;
import static jtracec.spec.isa.Opcodes.PSEUDO_MAP_FD;
import static jtracec.spec.isa.Opcodes.PSEUDO_MAP_VALUE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jtracec.loader.btf.BtfReader;
import jtracec.loader.symbols.ElfFormatException;
import jtracec.spec.isa.Disassembler;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.InsnCodec;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;

/**
 * Reads a relocatable eBPF ELF object built by clang ({@code clang -target bpf -g -O2 -c}) into
 * the {@link BpfObject} the verifier checks, doing what libbpf does before load: one program per
 * function symbol of each {@code SEC()} code section, map references relocated to
 * {@code lddw} with map pseudo sources (imm = index into the object's maps), global data as
 * array maps ({@code PSEUDO_MAP_VALUE}), and subprograms from {@code .text} appended to each
 * program that calls them ({@code bpf_object__relocate} in tools/lib/bpf/libbpf.c). Every
 * instruction gets the C line {@code .BTF.ext} gives it, or its place in its section.
 */
public final class ObjectReader {
    private static final int EM_BPF = 247, ET_REL = 1;
    private static final int R_BPF_NONE = 0, R_BPF_64_64 = 1, R_BPF_64_32 = 10;
    private static final int CALL = 0x85;

    private record Function(String name, int section, int start, int end) {}

    /** An instruction in the object: section index and instruction index inside it. */
    private record Location(int section, int index) {}

    /** A code section after relocation: its instructions, call targets by instruction, and its functions. */
    private record Code(ElfSections.Section section, List<Insn> insns, Map<Integer, Location> calls, List<Function> functions) {}

    /** True when the file starts with the ELF magic (whatever its name); false when it cannot be read. */
    public static boolean isElf(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return ElfSections.hasElfMagic(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the object; {@link ElfFormatException} says in the object's terms (section, map,
     * program) what it cannot take, other {@link IOException}s that the file cannot be read.
     */
    public ForeignObject read(Path path) throws IOException {
        byte[] data = Files.readAllBytes(path);
        var elf = ElfSections.parse(path, ByteBuffer.wrap(data));
        if (elf.fileType() != ET_REL || elf.machine() != EM_BPF) {
            throw new ElfFormatException("%s is not a relocatable eBPF object (ELF type %d, machine %d): build it with clang -target bpf -c"
                    .formatted(path, elf.fileType(), elf.machine()));
        }
        try {
            return Reading.of(elf).read();
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            // references between sections (type ids, symbol and section indexes, offsets) that lead nowhere
            throw new ElfFormatException("%s is malformed: %s".formatted(path, e.getMessage()));
        }
    }

    /** One read of one object; holds what its sections say about each other. */
    private static final class Reading {
        private final ElfSections elf;
        private final String name;
        private final List<ElfSections.Symbol> symbols;
        private final Optional<KernelTypes> types;
        private final BtfExt ext;
        private final Map<Integer, Code> code = new LinkedHashMap<>();
        private final Map<String, SourceFile> listings = new LinkedHashMap<>();

        private Reading(ElfSections elf, List<ElfSections.Symbol> symbols, Optional<KernelTypes> types, BtfExt ext) {
            this.elf = elf;
            this.name = elf.path().toString();
            this.symbols = symbols;
            this.types = types;
            this.ext = ext;
        }

        static Reading of(ElfSections elf) throws IOException {
            String name = elf.path().toString();
            Optional<byte[]> btf = contents(elf, ".BTF");
            if (btf.isEmpty()) return new Reading(elf, elf.symbols(ElfSections.SHT_SYMTAB), Optional.empty(), BtfExt.empty());
            var types = describe(name, ".BTF", () -> BtfReader.decode(btf.get()));
            Optional<byte[]> ext = contents(elf, ".BTF.ext");
            return new Reading(elf, elf.symbols(ElfSections.SHT_SYMTAB), Optional.of(types),
                    ext.isEmpty() ? BtfExt.empty() : describe(name, ".BTF.ext", () -> BtfExt.decode(ext.get(), btf.get())));
        }

        ForeignObject read() throws IOException {
            var maps = ObjectMaps.read(elf, symbols, types);
            for (var section : elf.sections()) {
                if (section.type() == ElfSections.SHT_PROGBITS && section.isExecutable() && section.size() > 0) {
                    code.put(section.index(), decode(section));
                }
            }
            for (var section : elf.sections()) {
                if (section.type() == ElfSections.SHT_REL && code.containsKey(section.info())) relocate(code.get(section.info()), section, maps);
            }
            var programs = new ArrayList<BpfProgram>();
            for (Code c : code.values()) {
                if (c.section().name().equals(".text")) continue;
                var kind = ProgramSection.of(c.section().name());
                for (Function function : c.functions()) programs.add(link(function, kind));
            }
            if (programs.isEmpty()) throw new ElfFormatException("%s has no programs: mark each with SEC(\"tracepoint/...\") or another libbpf section".formatted(name));
            var sources = new ArrayList<SourceFile>(cSources());
            sources.addAll(listings.values());
            return new ForeignObject(new BpfObject(name, programs, maps.all(), List.of()), sources);
        }

        private interface Decoder<T> {
            T decode() throws IOException;
        }

        private static <T> T describe(String name, String section, Decoder<T> decoder) throws ElfFormatException {
            try {
                return decoder.decode();
            } catch (IOException e) {
                throw new ElfFormatException("%s: section %s: %s".formatted(name, section, e.getMessage()));
            }
        }

        private static Optional<byte[]> contents(ElfSections elf, String section) throws ElfFormatException {
            var found = elf.section(section);
            return found.isPresent() ? Optional.of(elf.contents(found.get())) : Optional.empty();
        }

        private Code decode(ElfSections.Section section) throws ElfFormatException {
            if (section.size() % InsnCodec.SLOT_BYTES != 0) {
                throw new ElfFormatException("%s: section '%s' is %d bytes, not a whole number of instructions".formatted(name, section.name(), section.size()));
            }
            var insns = switch (InsnCodec.decode(elf.contents(section))) {
                case InsnCodec.Decoding.Decoded decoded -> new ArrayList<>(decoded.insns());
                case InsnCodec.Decoding.Malformed malformed -> throw new ElfFormatException(name + ": " + malformed.reason());
            };
            var functions = new ArrayList<Function>();
            var starts = new TreeMap<Long, ElfSections.Symbol>();
            for (var symbol : symbols) {
                if (symbol.section() == section.index() && symbol.kind() == ElfSections.STT_FUNC) starts.put(symbol.value(), symbol);
            }
            if (starts.isEmpty()) {
                functions.add(new Function(section.name(), section.index(), 0, insns.size()));
            }
            for (var entry : starts.entrySet()) {
                var symbol = entry.getValue();
                if (symbol.value() % InsnCodec.SLOT_BYTES != 0 || symbol.value() / InsnCodec.SLOT_BYTES >= insns.size()) {
                    throw new ElfFormatException("%s: function '%s' does not start on an instruction of '%s'".formatted(name, symbol.name(), section.name()));
                }
                Long next = starts.higherKey(entry.getKey());
                long end = symbol.size() > 0 ? symbol.value() + symbol.size() : next == null ? section.size() : next;
                functions.add(new Function(symbol.name(), section.index(), (int) (symbol.value() / InsnCodec.SLOT_BYTES),
                        (int) Math.min(insns.size(), end / InsnCodec.SLOT_BYTES)));
            }
            var calls = new HashMap<Integer, Location>();
            for (int pc = 0; pc < insns.size(); pc++) {
                Insn insn = insns.get(pc);
                // calls inside a section carry no relocation: the immediate is already relative
                if (insn.opcode() == CALL && insn.src() == PSEUDO_CALL) calls.put(pc, new Location(section.index(), pc + insn.imm() + 1));
            }
            return new Code(section, insns, calls, functions);
        }

        private void relocate(Code target, ElfSections.Section table, ObjectMaps maps) throws ElfFormatException {
            for (var relocation : elf.relocations(table)) {
                if (relocation.type() == R_BPF_NONE) continue;
                long pc = relocation.offset() / InsnCodec.SLOT_BYTES;
                if (relocation.offset() % InsnCodec.SLOT_BYTES != 0 || pc >= target.insns().size() || relocation.symbol() >= symbols.size()) {
                    throw new ElfFormatException("%s: a relocation of '%s' points outside its code".formatted(name, target.section().name()));
                }
                var symbol = symbols.get(relocation.symbol());
                Insn insn = target.insns().get((int) pc);
                String where = "%s: %s instruction %d".formatted(name, target.section().name(), pc);
                if (symbol.section() == ElfSections.SHN_UNDEF) {
                    throw new ElfFormatException("%s refers to extern '%s' (__kconfig/__ksym), which is not supported yet".formatted(where, symbol.name()));
                }
                switch (relocation.type()) {
                    case R_BPF_64_64 -> mapReference(target, (int) pc, insn, symbol, maps, where);
                    case R_BPF_64_32 -> {
                        if (insn.opcode() != CALL || insn.src() != PSEUDO_CALL) throw new ElfFormatException(where + ": a call relocation on an instruction that is not a call");
                        if (symbol.value() % InsnCodec.SLOT_BYTES != 0) throw new ElfFormatException(where + ": a call into the middle of an instruction");
                        target.calls().put((int) pc, new Location(symbol.section(), (int) (symbol.value() / InsnCodec.SLOT_BYTES) + insn.imm() + 1));
                    }
                    default -> throw new ElfFormatException("%s: relocation type %d is not one libbpf applies to code".formatted(where, relocation.type()));
                }
            }
        }

        private void mapReference(Code target, int pc, Insn insn, ElfSections.Symbol symbol, ObjectMaps maps, String where)
                throws ElfFormatException {
            if (!insn.isWide() || pc + 1 >= target.insns().size()) throw new ElfFormatException(where + ": a map relocation on an instruction that is not lddw");
            long offset = symbol.value() + (symbol.kind() == ElfSections.STT_SECTION ? insn.imm() : 0);
            Optional<Integer> map = maps.definedAt(symbol.section(), offset);
            if (map.isPresent()) {
                target.insns().set(pc, new Insn(insn.opcode(), insn.dst(), PSEUDO_MAP_FD, 0, map.get()));
                target.insns().set(pc + 1, new Insn(0, 0, 0, 0, 0));
                return;
            }
            Optional<Integer> data = maps.globalData(symbol.section());
            if (data.isPresent()) {
                // libbpf: the value address is the variable's offset plus the addend clang left in imm
                long valueOffset = symbol.value() + insn.imm();
                target.insns().set(pc, new Insn(insn.opcode(), insn.dst(), PSEUDO_MAP_VALUE, 0, data.get()));
                target.insns().set(pc + 1, new Insn(0, 0, 0, 0, (int) valueOffset));
                return;
            }
            if (code.containsKey(symbol.section())) {
                throw new ElfFormatException("%s takes the address of function '%s' (a callback), which is not supported yet".formatted(where, symbol.name()));
            }
            throw new ElfFormatException("%s refers to '%s' in section '%s', which is neither a map nor global data"
                    .formatted(where, symbol.name(), elf.section(symbol.section()).name()));
        }

        /** The entry function with every subprogram it reaches appended after it, calls re-aimed at the copies. */
        private BpfProgram link(Function entry, ProgramSection kind) throws ElfFormatException {
            if (ext.coreRelocations(elf.section(entry.section()).name()) > 0) {
                throw new ElfFormatException("%s: program '%s' needs CO-RE relocations (BPF_CORE_READ, preserve_access_index), which are not supported yet"
                        .formatted(name, entry.name()));
            }
            var placed = new LinkedHashMap<Function, Integer>();
            var order = new ArrayList<Function>();
            int length = 0;
            placed.put(entry, 0);
            order.add(entry);
            length += entry.end() - entry.start();
            for (int next = 0; next < order.size(); next++) {
                Function function = order.get(next);
                Code c = code.get(function.section());
                for (int pc = function.start(); pc < function.end(); pc++) {
                    Location target = c.calls().get(pc);
                    if (target == null) continue;
                    Function callee = functionAt(target, entry);
                    if (!placed.containsKey(callee)) {
                        if (ext.coreRelocations(elf.section(callee.section()).name()) > 0) {
                            throw new ElfFormatException("%s: program '%s' calls '%s', which needs CO-RE relocations, not supported yet"
                                    .formatted(name, entry.name(), callee.name()));
                        }
                        placed.put(callee, length);
                        order.add(callee);
                        length += callee.end() - callee.start();
                    }
                }
            }
            var insns = new ArrayList<Insn>(length);
            var spans = new ArrayList<SourceSpan>(length);
            for (Function function : order) {
                Code c = code.get(function.section());
                int base = placed.get(function);
                for (int pc = function.start(); pc < function.end(); pc++) {
                    Insn insn = c.insns().get(pc);
                    Location target = c.calls().get(pc);
                    if (target != null) {
                        Function callee = functionAt(target, entry);
                        int relative = placed.get(callee) + target.index() - callee.start() - (base + pc - function.start()) - 1;
                        insn = new Insn(insn.opcode(), insn.dst(), insn.src(), insn.offset(), relative);
                    }
                    insns.add(insn);
                    spans.add(spanAt(c, pc));
                }
            }
            return BpfProgram.atOneSite(entry.name(), kind.type(), new AttachSite(elf.section(entry.section()).name(), kind.attach()), insns,
                    new LineTable(spans), spans.get(0));
        }

        private Function functionAt(Location location, Function caller) throws ElfFormatException {
            Code c = code.get(location.section());
            if (c != null) {
                for (Function function : c.functions()) {
                    if (location.index() >= function.start() && location.index() < function.end()) return function;
                }
            }
            throw new ElfFormatException("%s: program '%s' calls an address that is not inside any function".formatted(name, caller.name()));
        }

        /** The C line {@code .BTF.ext} gives an instruction, else the instruction's line in its section's listing. */
        private SourceSpan spanAt(Code c, int pc) {
            BtfExt.Line best = null;
            for (BtfExt.Line line : ext.lines(c.section().name())) {
                if (line.byteOffset() > (long) pc * InsnCodec.SLOT_BYTES) break;
                // clang writes line 0 for code no single line owns (spills, address arithmetic): keep the line before
                if (line.line() > 0) best = line;
            }
            if (best != null) {
                int column = Math.max(1, best.column());
                return new SourceSpan(best.file(), best.line(), column, best.line(), tokenEnd(best.text(), column));
            }
            SourceFile listing = listings.computeIfAbsent(name + ":" + c.section().name(), file -> listing(file, c));
            int line = pc + 1;
            return new SourceSpan(listing.name(), line, 1, line, listing.line(line).orElse("").length() + 1);
        }

        /** The C files as far as line info quotes them: recorded lines in place, the others empty. */
        private List<SourceFile> cSources() {
            var files = new LinkedHashMap<String, TreeMap<Integer, String>>();
            for (Code c : code.values()) {
                for (BtfExt.Line line : ext.lines(c.section().name())) {
                    if (line.line() > 0) files.computeIfAbsent(line.file(), f -> new TreeMap<>()).put(line.line(), line.text());
                }
            }
            var sources = new ArrayList<SourceFile>();
            files.forEach((file, lines) -> {
                var text = new StringBuilder();
                for (int n = 1; n <= lines.lastKey(); n++) text.append(lines.getOrDefault(n, "")).append('\n');
                sources.add(new SourceFile(file, text.toString()));
            });
            return sources;
        }
    }

    /** Underlines the identifier or number starting at {@code column}, else the one character there. */
    private static int tokenEnd(String text, int column) {
        int at = column - 1;
        int end = at;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
        return Math.max(end, at + 1) + 1;
    }

    private static SourceFile listing(String file, Code c) {
        var text = new StringBuilder();
        for (int pc = 0; pc < c.insns().size(); pc++) {
            text.append("%d: %s%n".formatted(pc, pc > 0 && c.insns().get(pc - 1).isWide() ? "(second slot of lddw)" : Disassembler.line(c.insns(), pc)));
        }
        return new SourceFile(file, text.toString());
    }
}

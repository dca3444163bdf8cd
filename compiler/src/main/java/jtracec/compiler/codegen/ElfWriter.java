package jtracec.compiler.codegen;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapSpec;

/**
 * Writes an object as a relocatable eBPF ELF that libbpf (and so {@code bpftool prog loadall})
 * loads, for {@code --emit-elf}: one section per program named by libbpf's SEC conventions, a
 * {@code license} section, BTF-defined maps in {@code .maps} (libbpf 1.0 dropped the legacy
 * {@code maps} section), and {@code .rel} sections that point each map lddw at its map symbol.
 * A map whose value programs address directly (lddw of BPF_PSEUDO_MAP_VALUE, a one-element array)
 * is a global variable in {@code .data} instead, as clang writes one, so libbpf makes it its
 * {@code .data} map and relocates the lddw to its value. Line info is not written (no .BTF.ext).
 */
public final class ElfWriter {
    private static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_REL = 9;
    private static final long SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4, SHF_INFO_LINK = 0x40;
    private static final int EM_BPF = 247, R_BPF_64_64 = 1;
    private static final int STB_GLOBAL = 1, STT_OBJECT = 1, STT_FUNC = 2;

    private record Section(String name, int type, long flags, byte[] data, int link, int info, int align, int entrySize) {}

    private record Symbol(String name, int info, int section, long value, long size) {}

    private final Strings strings = new Strings();

    public byte[] write(BpfObject object) {
        var sections = new ArrayList<Section>();
        sections.add(new Section("", 0, 0, new byte[0], 0, 0, 0, 0));
        int strtab = 1;
        sections.add(null);
        var symbols = new ArrayList<Symbol>();
        symbols.add(new Symbol("", 0, 0, 0, 0));
        // map symbols come first so relocations can name them by index
        int mapsSection = 2 + 2 * object.programs().size() + 1;
        int symtab = mapsSection + 2;
        int dataSection = symtab + 1;
        var direct = directlyAddressed(object);
        int mapStructSize = 0, dataSize = 0;
        var mapOffsets = new ArrayList<Integer>();
        for (int i = 0; i < object.maps().size(); i++) {
            MapSpec map = object.maps().get(i);
            if (direct.contains(i)) {
                symbols.add(new Symbol(mapName(object, i), (STB_GLOBAL << 4) | STT_OBJECT, dataSection, dataSize, map.valueSize()));
                dataSize += (map.valueSize() + 7) / 8 * 8;
            } else {
                mapOffsets.add(mapStructSize);
                symbols.add(new Symbol(mapName(object, i), (STB_GLOBAL << 4) | STT_OBJECT, mapsSection, mapStructSize,
                        8L * members(map).size()));
                mapStructSize += 8 * members(map).size();
            }
        }
        for (BpfProgram program : object.programs()) {
            int index = sections.size();
            byte[] code = encode(program.insns());
            sections.add(new Section(sectionName(program), SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, code, 0, 0, 8, 0));
            symbols.add(new Symbol(program.name(), (STB_GLOBAL << 4) | STT_FUNC, index, 0, code.length));
            sections.add(new Section(".rel" + sectionName(program), SHT_REL, SHF_INFO_LINK, relocations(program),
                    symtab, index, 8, 16));
        }
        int license = sections.size();
        sections.add(new Section("license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
                (BpfObject.LICENSE + "\0").getBytes(StandardCharsets.US_ASCII), 0, 0, 1, 0));
        symbols.add(new Symbol("_license", (STB_GLOBAL << 4) | STT_OBJECT, license, 0, BpfObject.LICENSE.length() + 1));
        sections.add(new Section(".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, new byte[mapStructSize], 0, 0, 8, 0));
        sections.add(new Section(".BTF", SHT_PROGBITS, 0, btf(object, direct, mapOffsets, mapStructSize), 0, 0, 4, 0));
        sections.add(new Section(".symtab", SHT_SYMTAB, 0, symbolTable(symbols), strtab, 1, 8, 24));
        if (!direct.isEmpty()) sections.add(new Section(".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, new byte[dataSize], 0, 0, 8, 0));
        for (Section s : sections) {
            if (s != null) strings.offset(s.name());
        }
        strings.offset(".strtab");
        sections.set(strtab, new Section(".strtab", SHT_STRTAB, 0, strings.bytes(), 0, 0, 1, 0));
        return layout(sections, strtab);
    }

    private List<Map.Entry<String, Integer>> members(MapSpec map) {
        var members = new ArrayList<Map.Entry<String, Integer>>();
        members.add(Map.entry("type", map.type().kernelValue()));
        members.add(Map.entry("max_entries", map.maxEntries()));
        if (map.type() != MapType.RINGBUF) {
            members.add(Map.entry("key_size", map.keySize()));
            members.add(Map.entry("value_size", map.valueSize()));
        }
        return members;
    }

    private static String mapName(BpfObject object, int index) {
        String name = object.maps().get(index).name();
        for (int i = 0; i < index; i++) {
            if (object.maps().get(i).name().equals(name)) return name + "_" + index;
        }
        return name;
    }

    /**
     * libbpf's SEC() prefixes (tools/lib/bpf/libbpf.c section_defs) for the program's type and
     * first attach point; a program attached at several points is one section, as in bpftrace's objects.
     */
    static String sectionName(BpfProgram program) {
        return switch (program.sites().get(0).point()) {
            case AttachPoint.Begin b -> "raw_tracepoint/BEGIN";
            case AttachPoint.End e -> "raw_tracepoint/END";
            case AttachPoint.Tracepoint t -> "tracepoint/" + t.category() + "/" + t.name();
            case AttachPoint.RawTracepoint r -> "raw_tracepoint/" + r.name();
            case AttachPoint.Kprobe k -> (k.end() == AttachPoint.ProbeEnd.ENTRY ? "kprobe/" : "kretprobe/") + k.function();
            case AttachPoint.Uprobe u -> u.end() == AttachPoint.ProbeEnd.ENTRY ? "uprobe" : "uretprobe";
            case AttachPoint.Usdt u -> "usdt";
            case AttachPoint.Kfunc k -> (k.end() == AttachPoint.ProbeEnd.ENTRY ? "fentry/" : "fexit/") + k.function();
            case AttachPoint.Interval i -> "perf_event";
            case AttachPoint.Profile p -> "perf_event";
            case AttachPoint.Software s -> "perf_event";
            case AttachPoint.Hardware h -> "perf_event";
            case AttachPoint.Watchpoint w -> "perf_event";
        };
    }

    /** Maps some program addresses directly (lddw of BPF_PSEUDO_MAP_VALUE), by index. */
    private static java.util.Set<Integer> directlyAddressed(BpfObject object) {
        var direct = new java.util.TreeSet<Integer>();
        for (BpfProgram program : object.programs()) {
            for (Insn insn : program.insns()) {
                if (insn.isWide() && insn.src() == jtracec.spec.isa.Opcodes.PSEUDO_MAP_VALUE) direct.add(insn.imm());
            }
        }
        return direct;
    }

    /**
     * Instructions as the kernel lays them out; map loads get imm 0 and src 0, libbpf fills both.
     * A map value load keeps, as clang writes it, the offset into the value in the first imm and 0 in
     * the second; libbpf moves it to the second and puts the map's fd in the first.
     */
    private static byte[] encode(List<Insn> insns) {
        var out = ByteBuffer.allocate(8 * insns.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int pc = 0; pc < insns.size(); pc++) {
            Insn insn = insns.get(pc);
            int src = insn.src(), imm = insn.imm();
            if (insn.isWide() && (src == jtracec.spec.isa.Opcodes.PSEUDO_MAP_FD || src == jtracec.spec.isa.Opcodes.PSEUDO_MAP_VALUE)) {
                // the second slot follows: write both here
                int valueOffset = src == jtracec.spec.isa.Opcodes.PSEUDO_MAP_VALUE ? insns.get(pc + 1).imm() : 0;
                out.put((byte) insn.opcode()).put((byte) insn.dst()).putShort((short) insn.offset()).putInt(valueOffset);
                Insn second = insns.get(++pc);
                out.put((byte) second.opcode()).put((byte) 0).putShort((short) 0).putInt(0);
                continue;
            }
            out.put((byte) insn.opcode());
            out.put((byte) ((src << 4) | insn.dst()));
            out.putShort((short) insn.offset());
            out.putInt(imm);
        }
        return out.array();
    }

    private static byte[] relocations(BpfProgram program) {
        var out = new ByteArrayOutputStream();
        var entry = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int pc = 0; pc < program.insns().size(); pc++) {
            Insn insn = program.insns().get(pc);
            if (insn.isWide() && (insn.src() == jtracec.spec.isa.Opcodes.PSEUDO_MAP_FD || insn.src() == jtracec.spec.isa.Opcodes.PSEUDO_MAP_VALUE)) {
                entry.clear();
                entry.putLong(8L * pc);
                entry.putLong(((long) (insn.imm() + 1) << 32) | R_BPF_64_64);
                out.writeBytes(entry.array());
            }
        }
        return out.toByteArray();
    }

    private byte[] symbolTable(List<Symbol> symbols) {
        var out = ByteBuffer.allocate(24 * symbols.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Symbol s : symbols) {
            out.putInt(s.name().isEmpty() ? 0 : strings.offset(s.name()));
            out.put((byte) s.info());
            out.put((byte) 0);
            out.putShort((short) s.section());
            out.putLong(s.value());
            out.putLong(s.size());
        }
        return out.array();
    }

    /**
     * BTF for the map definitions, as clang emits for {@code __uint(name, value)}: each member an
     * {@code int (*name)[value]}, each map a global VAR in the {@code .maps} DATASEC.
     */
    private static byte[] btf(BpfObject object, java.util.Set<Integer> direct, List<Integer> offsets, int totalSize) {
        var names = new Strings();
        var types = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int nextId = 1;
        int intId = nextId++;
        types.putInt(names.offset("int")).putInt(1 << 24).putInt(4).putInt(0x01000020);
        var pointerTo = new LinkedHashMap<Integer, Integer>();
        var varIds = new ArrayList<Integer>();
        var sizes = new ArrayList<Integer>();
        for (int i = 0; i < object.maps().size(); i++) {
            if (direct.contains(i)) continue;
            MapSpec map = object.maps().get(i);
            var members = new ElfWriter().members(map);
            var memberTypes = new ArrayList<Integer>();
            for (var member : members) {
                Integer pointer = pointerTo.get(member.getValue());
                if (pointer == null) {
                    int arrayId = nextId++;
                    types.putInt(0).putInt(3 << 24).putInt(0).putInt(intId).putInt(intId).putInt(member.getValue());
                    pointer = nextId++;
                    types.putInt(0).putInt(2 << 24).putInt(arrayId);
                    pointerTo.put(member.getValue(), pointer);
                }
                memberTypes.add(pointer);
            }
            int structId = nextId++;
            types.putInt(0).putInt((4 << 24) | members.size()).putInt(8 * members.size());
            for (int m = 0; m < members.size(); m++) {
                types.putInt(names.offset(members.get(m).getKey())).putInt(memberTypes.get(m)).putInt(64 * m);
            }
            int varId = nextId++;
            types.putInt(names.offset(mapName(object, i))).putInt(14 << 24).putInt(structId).putInt(1);
            varIds.add(varId);
            sizes.add(8 * members.size());
        }
        types.putInt(names.offset(".maps")).putInt((15 << 24) | varIds.size()).putInt(totalSize);
        for (int i = 0; i < varIds.size(); i++) types.putInt(varIds.get(i)).putInt(offsets.get(i)).putInt(sizes.get(i));
        byte[] typeBytes = java.util.Arrays.copyOf(types.array(), types.position());
        byte[] stringBytes = names.bytes();
        var out = ByteBuffer.allocate(24 + typeBytes.length + stringBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24);
        out.putInt(0).putInt(typeBytes.length).putInt(typeBytes.length).putInt(stringBytes.length);
        out.put(typeBytes).put(stringBytes);
        return out.array();
    }

    private static byte[] layout(List<Section> sections, int shstrndx) {
        var body = new ByteArrayOutputStream();
        var offsets = new ArrayList<Long>();
        long position = 64;
        for (Section s : sections) {
            int align = Math.max(1, s.align());
            while (position % align != 0) {
                body.write(0);
                position++;
            }
            offsets.add(position);
            body.writeBytes(s.data());
            position += s.data().length;
        }
        while (position % 8 != 0) {
            body.write(0);
            position++;
        }
        long shoff = position;
        var out = ByteBuffer.allocate((int) shoff + 64 * sections.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        out.putShort((short) 1).putShort((short) EM_BPF).putInt(1).putLong(0).putLong(0).putLong(shoff).putInt(0);
        out.putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64)
                .putShort((short) sections.size()).putShort((short) shstrndx);
        out.put(body.toByteArray());
        var names = sections.get(shstrndx);
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            out.putInt(i == 0 ? 0 : nameOffset(names.data(), s.name())).putInt(s.type()).putLong(s.flags()).putLong(0)
                    .putLong(i == 0 ? 0 : offsets.get(i)).putLong(s.data().length).putInt(s.link()).putInt(s.info())
                    .putLong(s.align()).putLong(s.entrySize());
        }
        return out.array();
    }

    private static int nameOffset(byte[] table, String name) {
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + wanted.length <= table.length; i++) {
            if (i > 0 && table[i - 1] != 0) continue;
            for (int j = 0; j < wanted.length; j++) {
                if (table[i + j] != wanted[j]) continue outer;
            }
            return i;
        }
        throw new IllegalStateException("bug: section name " + name + " not in .strtab");
    }

    /** A NUL-separated string table; offset 0 is the empty string. */
    private static final class Strings {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new LinkedHashMap<>();

        Strings() {
            bytes.write(0);
            offsets.put("", 0);
        }

        int offset(String s) {
            return offsets.computeIfAbsent(s, k -> {
                int at = bytes.size();
                bytes.writeBytes((k + "\0").getBytes(StandardCharsets.UTF_8));
                return at;
            });
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}

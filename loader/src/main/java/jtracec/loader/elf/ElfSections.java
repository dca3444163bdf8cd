package jtracec.loader.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.loader.symbols.ElfFormatException;

/**
 * The section table of a 64-bit little-endian ELF file and what hangs off it: section bytes,
 * symbol tables and REL relocations (System V gABI, "Sections", "Symbol Table", "Relocation").
 * Shared by the uprobe symbol reader and the eBPF object reader, which differ only in what
 * they look for. Offsets are checked lazily: a truncated file fails with {@link ElfFormatException}.
 */
public final class ElfSections {
    public static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11;
    public static final long SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    public static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_GNU_IFUNC = 10;
    public static final int SHN_UNDEF = 0;
    private static final int ELF_MAGIC = 0x464c457f;

    /** One section header; {@code index} is its position in the table. */
    public record Section(int index, String name, int type, long flags, long address, long offset, long size, int link, int info,
                          long entrySize) {
        public boolean isExecutable() {
            return (flags & SHF_EXECINSTR) != 0;
        }
    }

    /** One symbol-table entry: {@code kind} is STT_*, {@code binding} STB_*, {@code section} its st_shndx. */
    public record Symbol(String name, int kind, int binding, int section, long value, long size) {}

    /** One REL entry: the byte offset it patches inside the target section, its symbol index and R_* type. */
    public record Relocation(long offset, int symbol, int type) {}

    private final Path path;
    private final ByteBuffer bytes;
    private final List<Section> sections;

    private ElfSections(Path path, ByteBuffer bytes, List<Section> sections) {
        this.path = path;
        this.bytes = bytes;
        this.sections = sections;
    }

    /** True when the bytes start with the ELF magic, whatever the file is called. */
    public static boolean hasElfMagic(byte[] start) {
        return start.length >= 4 && ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == ELF_MAGIC;
    }

    /** Reads the header and section table; {@code bytes} must stay unchanged while this is used. */
    public static ElfSections parse(Path path, ByteBuffer bytes) throws ElfFormatException {
        bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.limit() < 64 || bytes.getInt(0) != ELF_MAGIC) throw new ElfFormatException(path + " is not an ELF file");
        if (bytes.get(4) != 2 || bytes.get(5) != 1) throw new ElfFormatException(path + " is not a 64-bit little-endian ELF file");
        try {
            long shoff = bytes.getLong(40);
            int shentsize = Short.toUnsignedInt(bytes.getShort(58));
            int shnum = Short.toUnsignedInt(bytes.getShort(60));
            int shstrndx = Short.toUnsignedInt(bytes.getShort(62));
            var raw = new ArrayList<long[]>();
            for (int i = 0; i < shnum; i++) {
                int at = Math.toIntExact(shoff + (long) i * shentsize);
                raw.add(new long[] {bytes.getInt(at), bytes.getInt(at + 4), bytes.getLong(at + 8), bytes.getLong(at + 24),
                        bytes.getLong(at + 32), bytes.getInt(at + 40), bytes.getInt(at + 44), bytes.getLong(at + 56), bytes.getLong(at + 16)});
            }
            long namesAt = shstrndx < raw.size() ? raw.get(shstrndx)[3] : 0;
            var sections = new ArrayList<Section>();
            for (int i = 0; i < raw.size(); i++) {
                long[] h = raw.get(i);
                String name = shstrndx < raw.size() && shstrndx != 0 ? string(bytes, Math.toIntExact(namesAt + h[0])) : "";
                sections.add(new Section(i, name, (int) h[1], h[2], h[8], h[3], h[4], (int) h[5], (int) h[6], h[7]));
            }
            return new ElfSections(path, bytes, List.copyOf(sections));
        } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
            throw malformed(path);
        }
    }

    public Path path() {
        return path;
    }

    /** The ELF e_type: 1 relocatable, 2 executable, 3 shared object. */
    public int fileType() {
        return Short.toUnsignedInt(bytes.getShort(16));
    }

    /** The ELF e_machine (247 is EM_BPF). */
    public int machine() {
        return Short.toUnsignedInt(bytes.getShort(18));
    }

    public List<Section> sections() {
        return sections;
    }

    public Section section(int index) throws ElfFormatException {
        if (index < 0 || index >= sections.size()) throw new ElfFormatException("%s has no section %d".formatted(path, index));
        return sections.get(index);
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The bytes of a section; a NOBITS section (.bss) reads as zeros. */
    public byte[] contents(Section section) throws ElfFormatException {
        try {
            var out = new byte[Math.toIntExact(section.size())];
            if (section.type() != SHT_NOBITS) bytes.get(Math.toIntExact(section.offset()), out);
            return out;
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw malformed(path);
        }
    }

    /** Every entry of every section of type {@code type} (SHT_SYMTAB or SHT_DYNSYM), entry 0 included. */
    public List<Symbol> symbols(int type) throws ElfFormatException {
        var symbols = new ArrayList<Symbol>();
        try {
            for (Section table : sections) {
                if (table.type() != type || table.entrySize() <= 0) continue;
                long strings = section(table.link()).offset();
                for (long entry = 0; entry + table.entrySize() <= table.size(); entry += table.entrySize()) {
                    int at = Math.toIntExact(table.offset() + entry);
                    int info = bytes.get(at + 4) & 0xff;
                    symbols.add(new Symbol(string(bytes, Math.toIntExact(strings + Integer.toUnsignedLong(bytes.getInt(at)))),
                            info & 0xf, info >>> 4, Short.toUnsignedInt(bytes.getShort(at + 6)), bytes.getLong(at + 8),
                            bytes.getLong(at + 16)));
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
            throw malformed(path);
        }
        return symbols;
    }

    /** The REL entries of a relocation section. */
    public List<Relocation> relocations(Section table) throws ElfFormatException {
        var relocations = new ArrayList<Relocation>();
        try {
            for (long entry = 0; entry + 16 <= table.size(); entry += 16) {
                int at = Math.toIntExact(table.offset() + entry);
                long info = bytes.getLong(at + 8);
                relocations.add(new Relocation(bytes.getLong(at), (int) (info >>> 32), (int) info));
            }
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw malformed(path);
        }
        return relocations;
    }

    private static ElfFormatException malformed(Path path) {
        return new ElfFormatException(path + " is a truncated or malformed ELF file");
    }

    /** The NUL-terminated UTF-8 string at {@code at}. */
    public static String string(ByteBuffer bytes, int at) {
        int end = at;
        while (bytes.get(end) != 0) end++;
        var raw = new byte[end - at];
        bytes.get(at, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }
}

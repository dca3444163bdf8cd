package jtracec.loader.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jtracec.loader.btf.BtfReader;

/**
 * The {@code .BTF.ext} section of an object (Documentation/bpf/btf.rst, "BTF.ext section"):
 * per code section, line records (instruction byte offset to file, line, column and the text
 * of the C line) and whether CO-RE relocations are present. Strings live in {@code .BTF}.
 */
final class BtfExt {
    private static final int MAGIC = 0xeb9f;

    /** From {@code byteOffset} on (until the next record) the code comes from {@code file:line:column}. */
    record Line(long byteOffset, String file, int line, int column, String text) {}

    private final Map<String, List<Line>> lines;
    private final Map<String, Integer> coreRelocations;

    private BtfExt(Map<String, List<Line>> lines, Map<String, Integer> coreRelocations) {
        this.lines = lines;
        this.coreRelocations = coreRelocations;
    }

    static BtfExt empty() {
        return new BtfExt(Map.of(), Map.of());
    }

    static BtfExt decode(byte[] ext, byte[] btf) throws IOException {
        var bytes = ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (ext.length < 24 || Short.toUnsignedInt(bytes.getShort(0)) != MAGIC) throw new IOException("not little-endian .BTF.ext (bad magic)");
            int headerLength = bytes.getInt(4);
            var lines = new HashMap<String, List<Line>>();
            int lineAt = headerLength + bytes.getInt(16);
            forEachRecord(bytes, lineAt, bytes.getInt(20), btf, (section, at) -> {
                int lineColumn = bytes.getInt(at + 12);
                lines.computeIfAbsent(section, s -> new ArrayList<>()).add(new Line(Integer.toUnsignedLong(bytes.getInt(at)),
                        BtfReader.string(btf, bytes.getInt(at + 4)), lineColumn >>> 10, lineColumn & 0x3ff,
                        BtfReader.string(btf, bytes.getInt(at + 8))));
            });
            var core = new HashMap<String, Integer>();
            if (headerLength >= 32) {
                forEachRecord(bytes, headerLength + bytes.getInt(24), bytes.getInt(28), btf, (section, at) -> core.merge(section, 1, Integer::sum));
            }
            lines.values().forEach(list -> list.sort((a, b) -> Long.compare(a.byteOffset(), b.byteOffset())));
            return new BtfExt(lines, core);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException("malformed .BTF.ext: " + e.getMessage(), e);
        }
    }

    private interface RecordReader {
        void read(String section, int at) throws IOException;
    }

    /** A sub-section: u32 record size, then per code section its name, a count and that many records. */
    private static void forEachRecord(ByteBuffer bytes, int at, int length, byte[] btf, RecordReader reader) throws IOException {
        if (length == 0) return;
        int end = at + length;
        int recordSize = bytes.getInt(at);
        at += 4;
        while (at < end) {
            String section = BtfReader.string(btf, bytes.getInt(at));
            int count = bytes.getInt(at + 4);
            at += 8;
            for (int i = 0; i < count; i++, at += recordSize) reader.read(section, at);
        }
    }

    /** The line records of a code section, ordered by offset; empty when the compiler wrote none. */
    List<Line> lines(String section) {
        return lines.getOrDefault(section, List.of());
    }

    /** How many CO-RE relocations a code section needs. */
    int coreRelocations(String section) {
        return coreRelocations.getOrDefault(section, 0);
    }
}

package jtracec.loader.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The BTF_KIND_FUNC entries of a BTF blob (Documentation/bpf/btf.rst), by name: the type ids that
 * fentry/fexit programs name as their attach target. Other kinds are skipped by their documented sizes.
 */
public final class BtfFunctions {
    private static final int KIND_FUNC = 12;

    private final Map<String, Integer> ids;

    private BtfFunctions(Map<String, Integer> ids) {
        this.ids = ids;
    }

    public static BtfFunctions read(Path file) throws IOException {
        return parse(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
    }

    static BtfFunctions parse(ByteBuffer bytes) throws IOException {
        if (Short.toUnsignedInt(bytes.getShort(0)) != 0xeb9f) throw new IOException("not little-endian BTF");
        int headerLength = bytes.getInt(4);
        int typesAt = headerLength + bytes.getInt(8);
        int typesEnd = typesAt + bytes.getInt(12);
        int stringsAt = headerLength + bytes.getInt(16);
        var ids = new HashMap<String, Integer>();
        int id = 1;
        for (int at = typesAt; at < typesEnd; id++) {
            int nameOffset = bytes.getInt(at);
            int info = bytes.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f;
            int count = info & 0xffff;
            if (kind == KIND_FUNC) ids.putIfAbsent(string(bytes, stringsAt + nameOffset), id);
            at += 12 + extraSize(kind, count);
        }
        return new BtfFunctions(ids);
    }

    /** Bytes that follow {@code struct btf_type} for each kind (include/uapi/linux/btf.h). */
    private static int extraSize(int kind, int count) throws IOException {
        return switch (kind) {
            case 1, 14, 17 -> 4;                  // INT, VAR, DECL_TAG
            case 3 -> 12;                         // ARRAY
            case 4, 5, 15, 19 -> 12 * count;      // STRUCT, UNION, DATASEC, ENUM64
            case 6, 13 -> 8 * count;              // ENUM, FUNC_PROTO
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> throw new IOException("unknown BTF kind " + kind);
        };
    }

    private static String string(ByteBuffer bytes, int at) {
        int end = at;
        while (bytes.get(end) != 0) end++;
        var raw = new byte[end - at];
        bytes.get(at, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    public OptionalInt functionId(String name) {
        var id = ids.get(name);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public int size() {
        return ids.size();
    }
}

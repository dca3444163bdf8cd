package jtracec.loader.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.KernelTypes;

/**
 * Decodes a BTF blob (include/uapi/linux/btf.h, Documentation/bpf/btf.rst): the kernel's
 * {@code /sys/kernel/btf/vmlinux} or an object file's {@code .BTF} section. Little-endian only, as
 * every BPF target this project loads on is; a big-endian blob is refused with a clear message.
 */
public final class BtfReader {
    private static final int MAGIC = 0xeb9f;

    private final ByteBuffer bytes;
    private final int stringsAt;
    private final int stringsEnd;

    private BtfReader(ByteBuffer bytes, int stringsAt, int stringsEnd) {
        this.bytes = bytes;
        this.stringsAt = stringsAt;
        this.stringsEnd = stringsEnd;
    }

    public static KernelTypes read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    public static KernelTypes decode(byte[] blob) throws IOException {
        var bytes = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (blob.length < 24 || Short.toUnsignedInt(bytes.getShort(0)) != MAGIC) {
                throw new IOException("not little-endian BTF (bad magic)");
            }
            int headerLength = bytes.getInt(4);
            int typesAt = headerLength + bytes.getInt(8);
            int typesEnd = typesAt + bytes.getInt(12);
            int stringsAt = headerLength + bytes.getInt(16);
            int stringsEnd = stringsAt + bytes.getInt(20);
            if (typesEnd > blob.length || stringsEnd > blob.length) throw new IOException("BTF sections run past the end of the blob");
            return new KernelTypes(new BtfReader(bytes, stringsAt, stringsEnd).types(typesAt, typesEnd));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException("malformed BTF: " + e.getMessage(), e);
        }
    }

    /**
     * The string at {@code offset} of a blob's string section: what {@code .BTF.ext} line and
     * function records name (file names, source lines, section names) points into it.
     */
    public static String string(byte[] blob, int offset) throws IOException {
        var bytes = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (blob.length < 24 || Short.toUnsignedInt(bytes.getShort(0)) != MAGIC) throw new IOException("not little-endian BTF (bad magic)");
            int stringsAt = bytes.getInt(4) + bytes.getInt(16);
            return new BtfReader(bytes, stringsAt, Math.min(blob.length, stringsAt + bytes.getInt(20))).string(offset);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException("malformed BTF: " + e.getMessage(), e);
        }
    }

    private List<BtfType> types(int at, int end) throws IOException {
        var types = new ArrayList<BtfType>();
        types.add(new BtfType.Void());
        while (at < end) {
            String name = string(bytes.getInt(at));
            int info = bytes.getInt(at + 4);
            int sizeOrType = bytes.getInt(at + 8);
            int kind = (info >>> 24) & 0x1f;
            int count = info & 0xffff;
            boolean kindFlag = (info >>> 31) != 0;
            int extra = at + 12;
            types.add(switch (kind) {
                case 1 -> integer(name, sizeOrType, bytes.getInt(extra));
                case 2 -> new BtfType.Pointer(sizeOrType);
                case 3 -> new BtfType.Array(bytes.getInt(extra), bytes.getInt(extra + 8));
                case 4, 5 -> new BtfType.Struct(name, sizeOrType, kind == 5, members(extra, count, kindFlag));
                case 6 -> new BtfType.Enum(name, sizeOrType, kindFlag, enumerators(extra, count, kindFlag, 8));
                case 7 -> new BtfType.Forward(name, kindFlag);
                case 8 -> new BtfType.Typedef(name, sizeOrType);
                case 9 -> new BtfType.Qualifier(BtfType.QualifierKind.VOLATILE, name, sizeOrType);
                case 10 -> new BtfType.Qualifier(BtfType.QualifierKind.CONST, name, sizeOrType);
                case 11 -> new BtfType.Qualifier(BtfType.QualifierKind.RESTRICT, name, sizeOrType);
                case 12 -> new BtfType.Function(name, sizeOrType, count);
                case 13 -> new BtfType.FunctionProto(sizeOrType, parameters(extra, count));
                case 14 -> new BtfType.Variable(name, sizeOrType, bytes.getInt(extra));
                case 15 -> new BtfType.DataSection(name, sizeOrType, sectionVariables(extra, count));
                case 16 -> new BtfType.Float(name, sizeOrType);
                case 17 -> new BtfType.DeclTag(name, sizeOrType, bytes.getInt(extra));
                case 18 -> new BtfType.Qualifier(BtfType.QualifierKind.TYPE_TAG, name, sizeOrType);
                case 19 -> new BtfType.Enum(name, sizeOrType, kindFlag, enumerators(extra, count, kindFlag, 12));
                default -> throw new IOException("unknown BTF kind %d at type %d".formatted(kind, types.size()));
            });
            at = extra + extraSize(kind, count);
        }
        return types;
    }

    /** Bytes that follow {@code struct btf_type} for each kind. */
    private static int extraSize(int kind, int count) {
        return switch (kind) {
            case 1, 14, 17 -> 4;
            case 3 -> 12;
            case 4, 5, 15, 19 -> 12 * count;
            case 6, 13 -> 8 * count;
            default -> 0;
        };
    }

    private static BtfType.Int integer(String name, int size, int encoding) {
        int flags = (encoding >>> 24) & 0xf;
        return new BtfType.Int(name, size, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
    }

    private List<BtfType.Member> members(int at, int count, boolean hasBitfields) {
        var members = new ArrayList<BtfType.Member>(count);
        for (int i = 0; i < count; i++, at += 12) {
            int offset = bytes.getInt(at + 8);
            // with kind_flag set, the high 8 bits are the bitfield size and the rest the bit offset
            members.add(hasBitfields
                    ? new BtfType.Member(string(bytes.getInt(at)), bytes.getInt(at + 4), offset & 0xffffff, offset >>> 24)
                    : new BtfType.Member(string(bytes.getInt(at)), bytes.getInt(at + 4), offset, 0));
        }
        return members;
    }

    private List<BtfType.Enumerator> enumerators(int at, int count, boolean isSigned, int stride) {
        var values = new ArrayList<BtfType.Enumerator>(count);
        for (int i = 0; i < count; i++, at += stride) {
            int low = bytes.getInt(at + 4);
            long value = stride == 12 ? (Integer.toUnsignedLong(low) | (long) bytes.getInt(at + 8) << 32)
                    : isSigned ? low : Integer.toUnsignedLong(low);
            values.add(new BtfType.Enumerator(string(bytes.getInt(at)), value));
        }
        return values;
    }

    private List<BtfType.Parameter> parameters(int at, int count) {
        var parameters = new ArrayList<BtfType.Parameter>(count);
        for (int i = 0; i < count; i++, at += 8) parameters.add(new BtfType.Parameter(string(bytes.getInt(at)), bytes.getInt(at + 4)));
        return parameters;
    }

    private List<BtfType.SectionVariable> sectionVariables(int at, int count) {
        var variables = new ArrayList<BtfType.SectionVariable>(count);
        for (int i = 0; i < count; i++, at += 12) {
            variables.add(new BtfType.SectionVariable(bytes.getInt(at), bytes.getInt(at + 4), bytes.getInt(at + 8)));
        }
        return variables;
    }

    private String string(int offset) {
        int start = stringsAt + offset;
        if (offset < 0 || start >= stringsEnd) throw new IllegalArgumentException("string offset " + offset + " out of range");
        int end = start;
        while (end < stringsEnd && bytes.get(end) != 0) end++;
        var raw = new byte[end - start];
        bytes.get(start, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }
}

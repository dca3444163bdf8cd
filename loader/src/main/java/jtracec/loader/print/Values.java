package jtracec.loader.print;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.Signedness;

/**
 * Reads typed fields out of little-endian bytes and renders them as bpftrace 0.17's text output
 * does (Output::value_to_str and MapKey::argument_value in src/output.cpp and src/mapkey.cpp).
 *
 * <p>Everything the printers produce is <em>byte text</em>: one char per output byte (ISO-8859-1),
 * as bpftrace writes raw bytes. So a string holding invalid UTF-8 is printed unchanged, and printf
 * widths count bytes, as C does. Whoever writes it out encodes it with ISO-8859-1.
 */
public final class Values {
    private final Symbolizer symbols;

    Values(Symbolizer symbols) {
        this.symbols = symbols;
    }

    static long integer(byte[] bytes, int offset, int size, Signedness signedness) {
        var buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean signed = signedness == Signedness.SIGNED;
        return switch (size) {
            case 1 -> signed ? buffer.get(offset) : Byte.toUnsignedLong(buffer.get(offset));
            case 2 -> signed ? buffer.getShort(offset) : Short.toUnsignedLong(buffer.getShort(offset));
            case 4 -> signed ? buffer.getInt(offset) : Integer.toUnsignedLong(buffer.getInt(offset));
            case 8 -> buffer.getLong(offset);
            default -> throw new IllegalStateException("bug: integer of " + size + " bytes");
        };
    }

    static long u64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    /** A NUL-terminated string inside a fixed buffer (strnlen). */
    static String string(byte[] bytes, int offset, int size) {
        int end = offset;
        while (end < offset + size && end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1);
    }

    /** The byte text of a Unicode string (a format string, a time), through its UTF-8 bytes. */
    public static String byteText(String unicode) {
        return new String(unicode.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** hex_format_buffer() in src/utils.cpp. */
    static String hexBuffer(byte[] bytes, int offset, int length, boolean isAsciiKept, boolean isHexEscaped) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            if (isAsciiKept && b >= 32 && b <= 126) text.append((char) b);
            else if (isHexEscaped) text.append("\\x%02x".formatted(b));
            else text.append(i == length - 1 ? "%02x".formatted(b) : "%02x ".formatted(b));
        }
        return text.toString();
    }

    /** A value as printed for a map value, print() or a tuple element (value_to_str). */
    String value(FieldType type, byte[] bytes, int offset) {
        return switch (type) {
            case FieldType.Int integer -> integerText(integer(bytes, offset, integer.size(), integer.signedness()), integer.signedness());
            case FieldType.Str str -> string(bytes, offset, str.size());
            // AsyncEvent::Buf: a length byte, then the bytes
            case FieldType.Buffer buffer -> hexBuffer(bytes, offset + 1, Math.min(bytes[offset] & 0xff, buffer.size() - 1), true, true);
            case FieldType.KernelSymbol symbol -> symbols.kernel(u64(bytes, offset));
            case FieldType.UserSymbol symbol -> symbols.user(u64(bytes, offset), u64(bytes, offset + 8));
            case FieldType.Stack stack -> symbols.stack(stack, u64(bytes, offset), 8);
            case FieldType.Inet inet -> AddressText.inet(bytes, offset);
            case FieldType.MacAddress mac -> AddressText.mac(bytes, offset);
            case FieldType.Timestamp timestamp -> symbols.timestamp(u64(bytes, offset), u64(bytes, offset + 8));
            case FieldType.Tuple tuple -> {
                var elements = new ArrayList<String>();
                for (var element : tuple.elements()) elements.add(value(element.type(), bytes, offset + element.offset()));
                yield "(" + String.join(", ", elements) + ")";
            }
            case FieldType.Pointer pointer -> Long.toString(u64(bytes, offset));
            case FieldType.Struct struct -> {
                var members = new ArrayList<String>();
                for (var member : struct.members()) members.add("." + member.name() + " = " + value(member.type(), bytes, offset + member.offset()));
                yield "{ " + String.join(", ", members) + " }";
            }
            case FieldType.Array array -> {
                var elements = new ArrayList<String>();
                for (int i = 0; i < array.length(); i++) elements.add(value(array.element(), bytes, offset + i * array.element().size()));
                yield "[" + String.join(",", elements) + "]";
            }
        };
    }

    /** A value in JSON output (JsonOutput::value_to_str): text-like types quoted, tuples as arrays. */
    String json(FieldType type, byte[] bytes, int offset) {
        return switch (type) {
            case FieldType.Int integer -> value(type, bytes, offset);
            case FieldType.Tuple tuple -> {
                var elements = new ArrayList<String>();
                for (var element : tuple.elements()) elements.add(json(element.type(), bytes, offset + element.offset()));
                yield "[" + String.join(",", elements) + "]";
            }
            case FieldType.Pointer pointer -> value(type, bytes, offset);
            // bpftrace 0.17 shares the text form's braces and separators, with quoted names
            case FieldType.Struct struct -> {
                var members = new ArrayList<String>();
                for (var member : struct.members()) members.add("\"" + member.name() + "\": " + json(member.type(), bytes, offset + member.offset()));
                yield "{ " + String.join(", ", members) + " }";
            }
            case FieldType.Array array -> {
                var elements = new ArrayList<String>();
                for (int i = 0; i < array.length(); i++) elements.add(json(array.element(), bytes, offset + i * array.element().size()));
                yield "[" + String.join(",", elements) + "]";
            }
            case FieldType.Str str -> quoted(value(type, bytes, offset));
            case FieldType.Buffer buffer -> quoted(value(type, bytes, offset));
            case FieldType.KernelSymbol symbol -> quoted(value(type, bytes, offset));
            case FieldType.UserSymbol symbol -> quoted(value(type, bytes, offset));
            case FieldType.Stack stack -> quoted(value(type, bytes, offset));
            case FieldType.Inet inet -> quoted(value(type, bytes, offset));
            // bpftrace 0.17 leaves mac_address out of is_quoted_type (src/output.cpp): the JSON is bare
            case FieldType.MacAddress mac -> value(type, bytes, offset);
            // 0.17's is_quoted_type() leaves timestamps out, so they print bare
            case FieldType.Timestamp timestamp -> value(type, bytes, offset);
        };
    }

    private static String quoted(String text) {
        return "\"" + OutputFormat.escape(text) + "\"";
    }

    /** A map key component: integers are always printed as signed (MapKey::argument_value). */
    String key(FieldType type, byte[] bytes, int offset) {
        return switch (type) {
            case FieldType.Int integer -> Long.toString(integer(bytes, offset, integer.size(), Signedness.SIGNED));
            case FieldType.Buffer buffer -> hexBuffer(bytes, offset + 1, buffer.size() - 1, true, true);
            case FieldType.Stack stack -> symbols.stack(stack, u64(bytes, offset), 4);
            case FieldType.Tuple tuple -> {
                var elements = new ArrayList<String>();
                for (var element : tuple.elements()) elements.add(key(element.type(), bytes, offset + element.offset()));
                yield "(" + String.join(", ", elements) + ")";
            }
            case FieldType.Str str -> value(type, bytes, offset);
            case FieldType.KernelSymbol symbol -> value(type, bytes, offset);
            case FieldType.UserSymbol symbol -> value(type, bytes, offset);
            case FieldType.Inet inet -> value(type, bytes, offset);
            case FieldType.MacAddress mac -> value(type, bytes, offset);
            case FieldType.Timestamp timestamp -> value(type, bytes, offset);
            case FieldType.Pointer pointer -> "0x" + Long.toHexString(u64(bytes, offset));
            // MapKey::argument_value: a record and an array without spaces
            case FieldType.Struct struct -> {
                var members = new ArrayList<String>();
                for (var member : struct.members()) members.add("." + member.name() + "=" + key(member.type(), bytes, offset + member.offset()));
                yield "{" + String.join(",", members) + "}";
            }
            case FieldType.Array array -> {
                var elements = new ArrayList<String>();
                for (int i = 0; i < array.length(); i++) elements.add(key(array.element(), bytes, offset + i * array.element().size()));
                yield "[" + String.join(",", elements) + "]";
            }
        };
    }

    static String integerText(long value, Signedness signedness) {
        return signedness == Signedness.SIGNED ? Long.toString(value) : Long.toUnsignedString(value);
    }
}

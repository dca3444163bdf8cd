package jtracec.loader.print;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.PrintfSpec;

/**
 * Formats a printf event record as bpftrace 0.17 does (FormatString::format in src/format_string.cpp):
 * the format is cut after each conversion bpftrace recognises, each piece is given to C printf with
 * its one argument, and text after the last argument is copied unchanged (so a {@code %%} there
 * stays {@code %%}, as in bpftrace).
 */
public final class PrintfFormatter {
    /** printf_format_types in src/printf_format_types.h; longest alternatives first so "%rx" is not read as "%r". */
    private static final Pattern SPECIFIER = Pattern.compile("%-?[0-9]*(\\.[0-9]+)?(rx|rh|r|s|c|(?:hh|h|ll|l|j|z|t)?[duoxXp])");

    private final Values values;
    /** Formats compiled once each: events repeat the same few formats at high rates. */
    private final Map<String, List<Piece>> compiled = new HashMap<>();

    public PrintfFormatter(Symbolizer symbols) {
        this.values = new Values(symbols);
    }

    /**
     * One piece of a format, ending at a conversion bpftrace recognises: the text before the
     * conversion as C printf prints it ({@code %%} as {@code %}), the conversion, and the piece as
     * written (printed raw when no argument is left for it).
     */
    private record Piece(String prefix, Optional<CFormat> conversion, Buffer buffer, String raw) {}

    /** %r, %rx, %rh: buf() bytes, kept ASCII or not, hex escaped or not (FormatString::format). */
    private enum Buffer { NONE, ASCII_AND_ESCAPES, ESCAPES, HEX }

    /** The byte text (see {@link Values}) printf writes for {@code record}. */
    public String format(PrintfSpec spec, byte[] record) {
        var pieces = compiled.computeIfAbsent(spec.format(), format -> compile(Values.byteText(format)));
        var out = new StringBuilder();
        int i = 0;
        for (; i < spec.args().size() && i < pieces.size(); i++) {
            var piece = pieces.get(i);
            var field = spec.args().get(i);
            out.append(piece.prefix());
            if (piece.conversion().isEmpty()) continue;
            var conversion = piece.conversion().get();
            out.append(piece.buffer() == Buffer.NONE
                    ? argument(conversion, field.type(), record, field.offset())
                    : conversion.formatText(buffer(field.type(), record, field.offset(), piece.buffer())));
        }
        for (; i < pieces.size(); i++) out.append(pieces.get(i).raw());
        return out.toString();
    }

    static List<String> split(String format) {
        var parts = new ArrayList<String>();
        var matcher = SPECIFIER.matcher(format);
        int last = 0;
        while (matcher.find()) {
            parts.add(format.substring(last, matcher.end()));
            last = matcher.end();
        }
        if (last != format.length()) parts.add(format.substring(last));
        return parts;
    }

    private static List<Piece> compile(String format) {
        return split(format).stream().map(PrintfFormatter::compilePiece).toList();
    }

    /** C printf of one piece: {@code %%} is a percent sign, the last conversion takes the argument. */
    private static Piece compilePiece(String part) {
        int argumentAt = part.lastIndexOf('%');
        var prefix = new StringBuilder();
        for (int i = 0; i < part.length(); ) {
            char c = part.charAt(i);
            if (c != '%') {
                prefix.append(c);
                i++;
            } else if (i + 1 < part.length() && part.charAt(i + 1) == '%') {
                prefix.append('%');
                i += 2;
            } else if (i == argumentAt) {
                var conversionText = part.substring(argumentAt);
                var buffer = conversionText.endsWith("rx") ? Buffer.ESCAPES
                        : conversionText.endsWith("rh") ? Buffer.HEX
                        : conversionText.endsWith("r") ? Buffer.ASCII_AND_ESCAPES : Buffer.NONE;
                var text = buffer == Buffer.NONE ? part : part.replaceFirst("r[xh]?$", "s");
                var parsed = CFormat.parse(text, i);
                // anything after the conversion (only when the piece is the text after the last one)
                return new Piece(prefix + text.substring(parsed.end()), Optional.of(parsed.format()), buffer, part);
            } else {
                // a stray conversion before the argument's: C would read a missing argument; print it as written
                int end = CFormat.parse(part, i).end();
                prefix.append(part, i, end);
                i = end;
            }
        }
        return new Piece(prefix.toString(), Optional.empty(), Buffer.NONE, part);
    }

    private String argument(CFormat spec, FieldType type, byte[] record, int offset) {
        return switch (type) {
            case FieldType.Int integer -> {
                long value = Values.integer(record, offset, integer.size(), integer.signedness());
                yield spec.conversion() == 's' ? spec.formatText(Values.integerText(value, integer.signedness())) : spec.formatInteger(value);
            }
            case FieldType.Str str -> text(spec, type, record, offset);
            case FieldType.Buffer buffer -> text(spec, type, record, offset);
            case FieldType.KernelSymbol symbol -> text(spec, type, record, offset);
            case FieldType.UserSymbol symbol -> text(spec, type, record, offset);
            case FieldType.Stack stack -> text(spec, type, record, offset);
            case FieldType.Inet inet -> text(spec, type, record, offset);
            case FieldType.MacAddress mac -> text(spec, type, record, offset);
            case FieldType.Tuple tuple -> text(spec, type, record, offset);
            case FieldType.Timestamp timestamp -> text(spec, type, record, offset);
            case FieldType.Struct struct -> text(spec, type, record, offset);
            case FieldType.Pointer pointer -> text(spec, type, record, offset);
            case FieldType.Array array -> text(spec, type, record, offset);
        };
    }

    /** Symbols, stacks and strings print as text under %s; another conversion sees their first word, as C would. */
    private String text(CFormat spec, FieldType type, byte[] record, int offset) {
        return spec.conversion() == 's' || spec.conversion() == 'c'
                ? spec.formatText(values.value(type, record, offset))
                : spec.formatInteger(Values.u64(record, offset));
    }

    private static String buffer(FieldType type, byte[] record, int offset, Buffer style) {
        int capacity = type instanceof FieldType.Buffer buffer ? buffer.size() - 1 : type.size();
        int length = Math.min(record[offset] & 0xff, capacity);
        return Values.hexBuffer(record, offset + 1, length, style == Buffer.ASCII_AND_ESCAPES, style != Buffer.HEX);
    }
}

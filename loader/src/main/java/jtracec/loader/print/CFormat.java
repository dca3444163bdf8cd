package jtracec.loader.print;

/**
 * One C printf conversion as glibc's snprintf renders it, for the conversions bpftrace accepts
 * ({@code d i u o x X c p s} with {@code - + space # 0} flags, width, precision and length
 * modifiers {@code hh h l ll j z t}). Integers arrive as the 64-bit register value bpftrace passes;
 * the length modifier decides how many of its bits the conversion reads, as on x86-64.
 */
record CFormat(boolean isLeft, boolean isPlus, boolean isSpace, boolean isAlternate, boolean isZeroPadded,
               int width, int precision, String length, char conversion) {

    /** A conversion parsed out of a format, and the index just past it. */
    record Parsed(CFormat format, int end) {}

    /** Parses the conversion that starts at {@code text[start] == '%'}. */
    static Parsed parse(String text, int start) {
        int i = start + 1;
        boolean left = false, plus = false, space = false, alternate = false, zero = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-') left = true;
            else if (c == '+') plus = true;
            else if (c == ' ') space = true;
            else if (c == '#') alternate = true;
            else if (c == '0') zero = true;
            else break;
        }
        int width = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) width = width * 10 + (text.charAt(i++) - '0');
        int precision = -1;
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            precision = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i))) precision = precision * 10 + (text.charAt(i++) - '0');
        }
        int lengthStart = i;
        while (i < text.length() && "hljzt".indexOf(text.charAt(i)) >= 0) i++;
        var length = text.substring(lengthStart, i);
        char conversion = i < text.length() ? text.charAt(i++) : '\0';
        return new Parsed(new CFormat(left, plus, space, alternate, zero, width, precision, length, conversion), i);
    }

    String formatInteger(long register) {
        return switch (conversion) {
            case 'd', 'i' -> signed(narrowSigned(register));
            case 'u' -> unsigned(narrowUnsigned(register), 10, "");
            case 'o' -> unsigned(narrowUnsigned(register), 8, "");
            case 'x' -> unsigned(narrowUnsigned(register), 16, "0x");
            case 'X' -> unsigned(narrowUnsigned(register), 16, "0X").toUpperCase();
            case 'c' -> pad(String.valueOf((char) (register & 0xff)));
            case 'p' -> pointer(register);
            case 's' -> formatText(Long.toString(register));
            default -> "%" + conversion;
        };
    }

    String formatText(String text) {
        var shown = precision >= 0 && precision < text.length() ? text.substring(0, precision) : text;
        return pad(shown);
    }

    private long narrowSigned(long value) {
        return switch (length) {
            case "hh" -> (byte) value;
            case "h" -> (short) value;
            case "" -> (int) value;
            default -> value;
        };
    }

    private long narrowUnsigned(long value) {
        return switch (length) {
            case "hh" -> value & 0xff;
            case "h" -> value & 0xffff;
            case "" -> value & 0xffff_ffffL;
            default -> value;
        };
    }

    private String signed(long value) {
        var magnitude = value < 0 ? Long.toUnsignedString(-value) : Long.toString(value);
        var sign = value < 0 ? "-" : isPlus ? "+" : isSpace ? " " : "";
        return number(sign, digits(magnitude, value == 0));
    }

    private String unsigned(long value, int radix, String hexPrefix) {
        var digits = digits(Long.toUnsignedString(value, radix), value == 0);
        var prefix = "";
        if (isAlternate && radix == 16 && value != 0) prefix = hexPrefix;
        if (isAlternate && radix == 8 && !digits.startsWith("0")) digits = "0" + digits;
        return number(prefix, digits);
    }

    /** glibc prints a null pointer as "(nil)" and any other as %#lx. */
    private String pointer(long value) {
        if (value == 0) return pad("(nil)");
        var sign = isPlus ? "+" : isSpace ? " " : "";
        return number(sign + "0x", digits(Long.toHexString(value), false));
    }

    private String digits(String magnitude, boolean isZero) {
        if (precision == 0 && isZero) return "";
        var digits = magnitude;
        while (precision > digits.length()) digits = "0" + digits;
        return digits;
    }

    private String number(String prefix, String digits) {
        if (isZeroPadded && !isLeft && precision < 0) {
            var zeros = new StringBuilder(digits);
            while (prefix.length() + zeros.length() < width) zeros.insert(0, '0');
            return prefix + zeros;
        }
        return pad(prefix + digits);
    }

    private String pad(String text) {
        if (text.length() >= width) return text;
        var padding = " ".repeat(width - text.length());
        return isLeft ? text + padding : padding + text;
    }
}

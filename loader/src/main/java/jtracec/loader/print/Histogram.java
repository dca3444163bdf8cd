package jtracec.loader.print;

/**
 * bpftrace 0.17's ASCII histograms (TextOutput::hist_to_str and lhist_to_str in src/output.cpp):
 * a 16-column left-aligned bucket label, an 8-column count, and a 52-column bar scaled to the
 * largest bucket, with bpftrace's float arithmetic so bar lengths match to the character.
 */
final class Histogram {
    private static final int BAR_WIDTH = 52;

    private Histogram() {}

    /** {@code counts[i]}: i = 0 is negative values, 1 is zero, i >= 2 is [2^(i-2), 2^(i-1)). */
    static String log2(long[] counts) {
        int min = -1, max = -1;
        long maxValue = 0;
        for (int i = 0; i < counts.length; i++) {
            int value = (int) counts[i];
            if (value > 0) {
                if (min == -1) min = i;
                max = i;
            }
            if (value > maxValue) maxValue = value;
        }
        if (max == -1) return "";
        var out = new StringBuilder();
        for (int i = min; i <= max; i++) {
            String header = switch (i) {
                case 0 -> "(..., 0)";
                case 1 -> "[0]";
                case 2 -> "[1]";
                default -> "[" + powerLabel(i - 2) + ", " + powerLabel(i - 1) + ")";
            };
            row(out, header, counts[i], maxValue);
        }
        return out.toString();
    }

    /** {@code counts[0]} is below {@code min}, {@code counts[buckets + 1]} at or above {@code max}. */
    static String linear(long[] counts, long min, long max, long step) {
        int buckets = (int) ((max - min) / step);
        int maxIndex = -1;
        long maxValue = 0;
        for (int i = 0; i < counts.length; i++) {
            int value = (int) counts[i];
            if (value != 0) maxIndex = i;
            if (value > maxValue) maxValue = value;
        }
        if (maxIndex == -1) return "";
        int start = -1, end = 0;
        for (int i = 0; i <= buckets + 1 && i < counts.length; i++) {
            if (counts[i] > 0) {
                if (start == -1) start = i;
                end = i;
            }
        }
        if (start == -1) start = 0;
        var out = new StringBuilder();
        for (int i = start; i <= end; i++) {
            String header;
            if (i == 0) header = "(..., " + linearLabel(min) + ")";
            else if (i == buckets + 1) header = "[" + linearLabel(max) + ", ...)";
            else header = "[" + linearLabel((i - 1) * step + min) + ", " + linearLabel(i * step + min) + ")";
            row(out, header, counts[i], maxValue);
        }
        return out.toString();
    }

    /** JsonOutput::hist_to_str: the same buckets as objects with min, max and count. */
    static String log2Json(long[] counts) {
        int min = -1, max = -1;
        for (int i = 0; i < counts.length; i++) {
            if ((int) counts[i] > 0) {
                if (min == -1) min = i;
                max = i;
            }
        }
        if (max == -1) return "[]";
        var out = new StringBuilder("[");
        for (int i = min; i <= max; i++) {
            if (i > min) out.append(", ");
            out.append('{');
            if (i == 0) out.append("\"max\": -1, ");
            else if (i == 1) out.append("\"min\": 0, \"max\": 0, ");
            else if (i == 2) out.append("\"min\": 1, \"max\": 1, ");
            else out.append("\"min\": %d, \"max\": %d, ".formatted(1L << (i - 2), (1L << (i - 1)) - 1));
            out.append("\"count\": ").append(Long.toUnsignedString(counts[i])).append('}');
        }
        return out.append(']').toString();
    }

    /** JsonOutput::lhist_to_str. */
    static String linearJson(long[] counts, long min, long max, long step) {
        int buckets = (int) ((max - min) / step);
        int start = -1, end = 0;
        for (int i = 0; i <= buckets + 1 && i < counts.length; i++) {
            if (counts[i] > 0) {
                if (start == -1) start = i;
                end = i;
            }
        }
        if (start == -1) return "[]";
        var out = new StringBuilder("[");
        for (int i = start; i <= end; i++) {
            if (i > start) out.append(", ");
            out.append('{');
            if (i == 0) out.append("\"max\": %d, ".formatted(min - 1));
            else if (i == buckets + 1) out.append("\"min\": %d, ".formatted(max));
            else out.append("\"min\": %d, \"max\": %d, ".formatted((i - 1) * step + min, i * step + min - 1));
            out.append("\"count\": ").append(Long.toUnsignedString(counts[i])).append('}');
        }
        return out.append(']').toString();
    }

    private static void row(StringBuilder out, String header, long count, long maxValue) {
        int bar = (int) (count / (float) maxValue * BAR_WIDTH);
        out.append(header);
        out.append(" ".repeat(Math.max(0, 16 - header.length())));
        var number = Long.toUnsignedString(count);
        out.append(" ".repeat(Math.max(0, 8 - number.length()))).append(number);
        out.append(" |").append("@".repeat(bar)).append(" ".repeat(BAR_WIDTH - bar)).append("|\n");
    }

    /** hist_index_label(): 2^power with K, M, G, T suffixes. */
    static String powerLabel(int power) {
        String suffix = "";
        if (power >= 40) { suffix = "T"; power -= 40; }
        else if (power >= 30) { suffix = "G"; power -= 30; }
        else if (power >= 20) { suffix = "M"; power -= 20; }
        else if (power >= 10) { suffix = "K"; power -= 10; }
        return (1 << power) + suffix;
    }

    /** lhist_index_label(): exact multiples of 1024 and 1048576 get K and M. */
    static String linearLabel(long number) {
        if (number == 0) return "0";
        if (number % 1048576 == 0) return number / 1048576 + "M";
        if (number % 1024 == 0) return number / 1024 + "K";
        return Long.toString(number);
    }
}

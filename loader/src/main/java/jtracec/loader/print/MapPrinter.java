package jtracec.loader.print;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapDisplay;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.MapValueKind;
import jtracec.spec.object.Signedness;

/**
 * Renders a script map as bpftrace 0.17 prints it (BPFtrace::print_map, print_map_hist and
 * print_map_stats in src/bpftrace.cpp, TextOutput in src/output.cpp), including its quirks:
 * values sort ascending (by value, or by key for non-numeric values), histograms sort by their
 * total count, an empty map prints an empty line, and avg/stats maps end with a blank line.
 *
 * <p>Value layouts, per CPU slot (the slot stride is the value size rounded up to 8 bytes):
 * count and sum: one 64-bit word; min and max: the value, then a word that is non-zero once the
 * slot was set; avg and stats: the total, then the count; hist and lhist: a 64-bit count, with the
 * bucket as the last key field (hist: 0 for negative values, 1 for zero, 2 + log2(v) otherwise;
 * lhist: 0 below min, 1 + (v - min) / step inside, buckets + 1 at or above max).
 */
public final class MapPrinter {
    private final int possibleCpus;
    private final Values values;
    private final OutputFormat format;

    public MapPrinter(int possibleCpus, Symbolizer symbols) {
        this(possibleCpus, symbols, OutputFormat.TEXT);
    }

    public MapPrinter(int possibleCpus, Symbolizer symbols, OutputFormat format) {
        this.possibleCpus = possibleCpus;
        this.values = new Values(symbols);
        this.format = format;
    }

    /**
     * What bpftrace prints once tracing stops: two newlines (src/main.cpp), then every script map,
     * empty ones included, in the order of their names (BPFtrace::print_maps).
     */
    public String renderAtExit(List<MapContents> maps) {
        var sorted = new ArrayList<>(maps);
        sorted.sort(Comparator.comparing(contents -> contents.spec().display().map(MapDisplay::scriptName).orElse("")));
        var text = new StringBuilder("\n\n");
        for (var contents : sorted) {
            if (contents.spec().display().isPresent()) text.append(render(contents.spec(), contents.entries()));
        }
        return text.toString();
    }

    /** print() of a value that is not a map (TextOutput::value, JsonOutput::value): the value on a line, or a "value" message. */
    public String renderValue(FieldType type, byte[] bytes, int offset) {
        return switch (format) {
            case TEXT -> values.value(type, bytes, offset) + "\n";
            case JSON -> "{\"type\": \"value\", \"data\": " + values.json(type, bytes, offset) + "}\n";
        };
    }

    public String render(MapSpec spec, List<MapEntry> entries) {
        var display = spec.display().orElseThrow(() -> new IllegalStateException("bug: map " + spec.name() + " has no display"));
        var slots = new Slots(spec.type().isPerCpu() ? possibleCpus : 1, (spec.valueSize() + 7) & ~7);
        return switch (display.value()) {
            case MapValueKind.Hist hist -> histograms(display, entries, slots, Histogram::log2, Histogram::log2Json, 65);
            case MapValueKind.Lhist lhist -> histograms(display, entries, slots,
                    counts -> Histogram.linear(counts, lhist.min(), lhist.max(), lhist.step()),
                    counts -> Histogram.linearJson(counts, lhist.min(), lhist.max(), lhist.step()),
                    (int) ((lhist.max() - lhist.min()) / lhist.step()) + 2);
            case MapValueKind.Avg avg -> averages(display, entries, slots, avg.signedness(), false);
            case MapValueKind.Stats stats -> averages(display, entries, slots, stats.signedness(), true);
            case MapValueKind.Plain plain -> plain(display, entries, slots);
            case MapValueKind.Count count -> plain(display, entries, slots);
            case MapValueKind.Sum sum -> plain(display, entries, slots);
            case MapValueKind.Min min -> plain(display, entries, slots);
            case MapValueKind.Max max -> plain(display, entries, slots);
        };
    }

    private record Slots(int count, int stride) {}

    private record Line(byte[] key, long sortValue, String value) {}

    private String plain(MapDisplay display, List<MapEntry> entries, Slots slots) {
        var lines = new ArrayList<Line>();
        for (var entry : entries) {
            lines.add(switch (display.value()) {
                case MapValueKind.Count count -> numeric(entry.key(), sum(entry.value(), slots), Signedness.UNSIGNED);
                case MapValueKind.Sum sum -> numeric(entry.key(), sum(entry.value(), slots), sum.signedness());
                case MapValueKind.Min min -> numeric(entry.key(), extreme(entry.value(), slots, min.signedness(), -1), min.signedness());
                case MapValueKind.Max max -> numeric(entry.key(), extreme(entry.value(), slots, max.signedness(), 1), max.signedness());
                case MapValueKind.Plain(FieldType.Int integer) -> numeric(entry.key(), sumIntegers(entry.value(), slots, integer), integer.signedness());
                case MapValueKind.Plain plain -> new Line(entry.key(), 0, format == OutputFormat.JSON
                        ? values.json(plain.type(), entry.value(), 0) : values.value(plain.type(), entry.value(), 0));
                case MapValueKind.Hist hist -> throw notPlain(display);
                case MapValueKind.Lhist lhist -> throw notPlain(display);
                case MapValueKind.Avg avg -> throw notPlain(display);
                case MapValueKind.Stats stats -> throw notPlain(display);
            });
        }
        switch (display.value()) {
            case MapValueKind.Count count -> lines.sort(unsignedOrder());
            case MapValueKind.Sum sum -> lines.sort(order(sum.signedness()));
            case MapValueKind.Min min -> lines.sort(order(min.signedness()));
            case MapValueKind.Max max -> lines.sort(order(max.signedness()));
            case MapValueKind.Plain(FieldType.Int integer) -> lines.sort(order(integer.signedness()));
            case MapValueKind.Plain plain -> sortByKey(display.key(), lines);
            case MapValueKind.Hist hist -> throw notPlain(display);
            case MapValueKind.Lhist lhist -> throw notPlain(display);
            case MapValueKind.Avg avg -> throw notPlain(display);
            case MapValueKind.Stats stats -> throw notPlain(display);
        }
        var text = new ArrayList<String>();
        for (var line : lines) text.add(element(display, keyText(display.key(), line.key()), line.value()));
        return wrap("map", display, text, elementDelimiter(display.value()), "\n");
    }

    /**
     * TextOutput::map_elem_delim_to_str: bpftrace 0.17 writes the elements of a map holding
     * ksym, usym or inet values one after the other with nothing between them.
     */
    private static String elementDelimiter(MapValueKind value) {
        return switch (value) {
            case MapValueKind.Plain(FieldType.KernelSymbol symbol) -> "";
            case MapValueKind.Plain(FieldType.UserSymbol symbol) -> "";
            case MapValueKind.Plain(FieldType.Inet inet) -> "";
            default -> "\n";
        };
    }

    /** One key and value: "@name[key]: value" in text (map_keyval_to_str), "key": value in JSON. */
    private String element(MapDisplay display, String key, String value) {
        return switch (format) {
            case TEXT -> display.scriptName() + key + ": " + value;
            case JSON -> key.isEmpty() ? value : key + ": " + value;
        };
    }

    /**
     * The elements of one map: joined by newlines and ended by {@code textEnd} in text; in JSON one
     * message of {@code type}, nothing at all for an empty map.
     */
    private String wrap(String type, MapDisplay display, List<String> elements, String textEnd) {
        return wrap(type, display, elements, "\n", textEnd);
    }

    private String wrap(String type, MapDisplay display, List<String> elements, String textDelimiter, String textEnd) {
        return switch (format) {
            case TEXT -> String.join(textDelimiter, elements) + textEnd;
            case JSON -> {
                if (elements.isEmpty()) yield "";
                boolean hasKeys = keyed(display, type);
                yield "{\"type\": \"%s\", \"data\": {\"%s\": %s%s%s}}\n".formatted(type, OutputFormat.escape(display.scriptName()),
                        hasKeys ? "{" : "", String.join(", ", elements), hasKeys ? "}" : "");
            }
        };
    }

    private static boolean keyed(MapDisplay display, String type) {
        // histogram maps carry the bucket as their last key field; it is not a key the user wrote
        return type.equals("hist") ? display.key().size() > 1 : !display.key().isEmpty();
    }

    private static IllegalStateException notPlain(MapDisplay display) {
        return new IllegalStateException("bug: " + display.value() + " is not a plain map");
    }

    private Line numeric(byte[] key, long value, Signedness signedness) {
        return new Line(key, value, Values.integerText(value, signedness));
    }

    private static Comparator<Line> unsignedOrder() {
        return (a, b) -> Long.compareUnsigned(a.sortValue(), b.sortValue());
    }

    private static Comparator<Line> order(Signedness signedness) {
        return signedness == Signedness.SIGNED ? Comparator.comparingLong(Line::sortValue) : unsignedOrder();
    }

    /** BPFtrace::sort_by_key: stable sorts from the last key field to the first; only 4- and 8-byte integers and strings take part. */
    private static void sortByKey(List<Field> key, List<Line> lines) {
        for (int i = key.size() - 1; i >= 0; i--) {
            var field = key.get(i);
            switch (field.type()) {
                case FieldType.Int integer when integer.size() == 8 || integer.size() == 4 ->
                        lines.sort((a, b) -> Long.compareUnsigned(
                                Values.integer(a.key(), field.offset(), integer.size(), Signedness.UNSIGNED),
                                Values.integer(b.key(), field.offset(), integer.size(), Signedness.UNSIGNED)));
                case FieldType.Str str -> lines.sort((a, b) -> compareStrings(a.key(), b.key(), field.offset(), str.size()));
                default -> { }
            }
        }
    }

    /** strncmp: unsigned bytes up to the first NUL or the buffer's end. */
    private static int compareStrings(byte[] a, byte[] b, int offset, int size) {
        for (int i = offset; i < offset + size; i++) {
            int x = a[i] & 0xff, y = b[i] & 0xff;
            if (x != y) return x - y;
            if (x == 0) return 0;
        }
        return 0;
    }

    private interface HistogramText {
        String render(long[] counts);
    }

    private String histograms(MapDisplay display, List<MapEntry> entries, Slots slots, HistogramText histogram,
                              HistogramText json, int bucketCount) {
        if (display.key().isEmpty()) throw new IllegalStateException("bug: histogram map " + display.scriptName() + " has no bucket key");
        var bucketField = display.key().getLast();
        var prefixFields = display.key().subList(0, display.key().size() - 1);
        Map<byte[], long[]> byPrefix = new TreeMap<>(Arrays::compareUnsigned);
        for (var entry : entries) {
            var prefix = Arrays.copyOf(entry.key(), bucketField.offset());
            long bucket = Values.u64(entry.key(), bucketField.offset());
            if (bucket < 0 || bucket >= bucketCount) continue;
            byPrefix.computeIfAbsent(prefix, unused -> new long[bucketCount])[(int) bucket] = sum(entry.value(), slots);
        }
        var groups = new ArrayList<>(byPrefix.entrySet());
        groups.sort(Comparator.comparingLong(group -> Arrays.stream(group.getValue()).sum()));
        var text = new ArrayList<String>();
        for (var group : groups) {
            var key = keyText(prefixFields, group.getKey());
            text.add(switch (format) {
                case TEXT -> display.scriptName() + key + ": \n" + histogram.render(group.getValue());
                case JSON -> element(display, key, json.render(group.getValue()));
            });
        }
        return wrap("hist", display, text, "\n");
    }

    private String averages(MapDisplay display, List<MapEntry> entries, Slots slots, Signedness signedness, boolean isStats) {
        record Average(byte[] key, long count, long total, long average) {}
        Map<byte[], MapEntry> byKey = new TreeMap<>(Arrays::compareUnsigned);
        for (var entry : entries) byKey.put(entry.key(), entry);
        var averages = new ArrayList<Average>();
        for (var entry : byKey.values()) {
            long total = 0, count = 0;
            for (int cpu = 0; cpu < slots.count(); cpu++) {
                total += Values.u64(entry.value(), cpu * slots.stride());
                count += Values.u64(entry.value(), cpu * slots.stride() + 8);
            }
            long average = count == 0 ? 0 : signedness == Signedness.SIGNED ? total / count : Long.divideUnsigned(total, count);
            averages.add(new Average(entry.key(), count, total, average));
        }
        averages.sort(signedness == Signedness.SIGNED ? Comparator.comparingLong(Average::average)
                : (a, b) -> Long.compareUnsigned(a.average(), b.average()));
        var text = new ArrayList<String>();
        for (var average : averages) {
            var count = Values.integerText(average.count(), Signedness.SIGNED);
            var mean = Values.integerText(average.average(), signedness);
            var total = Values.integerText(average.total(), signedness);
            var value = !isStats ? mean : switch (format) {
                case TEXT -> "count %s, average %s, total %s".formatted(count, mean, total);
                case JSON -> "{\"count\": %s, \"average\": %s, \"total\": %s}".formatted(count, mean, total);
            };
            text.add(element(display, keyText(display.key(), average.key()), value));
        }
        return wrap("stats", display, text, "\n\n");
    }

    /** MapKey::argument_value_list_str in text; JsonOutput::map_key_to_str ("a,b", quoted) in JSON. */
    private String keyText(List<Field> key, byte[] bytes) {
        if (key.isEmpty()) return "";
        var parts = new ArrayList<String>();
        for (var field : key) parts.add(values.key(field.type(), bytes, field.offset()));
        return switch (format) {
            case TEXT -> "[" + String.join(", ", parts) + "]";
            case JSON -> "\"" + OutputFormat.escape(String.join(",", parts)) + "\"";
        };
    }

    private static long sum(byte[] value, Slots slots) {
        long total = 0;
        for (int cpu = 0; cpu < slots.count(); cpu++) total += Values.u64(value, cpu * slots.stride());
        return total;
    }

    /** reduce_value<T>: per-CPU integers summed at their own width. */
    private static long sumIntegers(byte[] value, Slots slots, FieldType.Int type) {
        long total = 0;
        for (int cpu = 0; cpu < slots.count(); cpu++) total += Values.integer(value, cpu * slots.stride(), type.size(), type.signedness());
        return switch (type.size()) {
            case 1 -> type.signedness() == Signedness.SIGNED ? (byte) total : total & 0xff;
            case 2 -> type.signedness() == Signedness.SIGNED ? (short) total : total & 0xffff;
            case 4 -> type.signedness() == Signedness.SIGNED ? (int) total : total & 0xffff_ffffL;
            default -> total;
        };
    }

    /** The smallest ({@code direction} -1) or largest (+1) value among the CPU slots that were set; 0 when none was. */
    private static long extreme(byte[] value, Slots slots, Signedness signedness, int direction) {
        boolean found = false;
        long best = 0;
        for (int cpu = 0; cpu < slots.count(); cpu++) {
            int at = cpu * slots.stride();
            if (Values.u64(value, at + 8) == 0) continue;
            long candidate = Values.u64(value, at);
            int comparison = signedness == Signedness.SIGNED ? Long.compare(candidate, best) : Long.compareUnsigned(candidate, best);
            if (!found || comparison * direction > 0) best = candidate;
            found = true;
        }
        return best;
    }
}

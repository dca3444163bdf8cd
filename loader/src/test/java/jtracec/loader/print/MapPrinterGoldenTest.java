package jtracec.loader.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapDisplay;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.MapValueKind;
import jtracec.spec.object.PrintfSpec;
import jtracec.spec.object.Signedness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@code golden/print/<case>.out} (and {@code .json}, from {@code -f json}) is what bpftrace
 * 0.17 printed for {@code <case>.bt} on this machine; the test fills maps with what that script stores (in jtracec's value layouts) and
 * checks the printer writes the same bytes.
 */
class MapPrinterGoldenTest {
    private static final int CPUS = 2;
    private static final FieldType STR = new FieldType.Str(16);
    private static final FieldType I64 = new FieldType.Int(8, Signedness.SIGNED);
    private static final FieldType U64 = new FieldType.Int(8, Signedness.UNSIGNED);

    private final PrintfFormatter printf = new PrintfFormatter(Symbolizer.addressesOnly());

    private static MapPrinter printer(OutputFormat format) {
        return new MapPrinter(CPUS, Symbolizer.addressesOnly(), format);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void countsSumsAndScalarsMatchBpftrace(OutputFormat format) {
        var maps = List.of(
                map("@", List.of(new Field(STR, 0)), new MapValueKind.Count(), MapType.PERCPU_HASH, 8,
                        entry(str("a"), perCpu(1, 0)), entry(str("bb"), perCpu(1, 1)), entry(str("ccc"), perCpu(2, 1))),
                map("@calls", List.of(), new MapValueKind.Count(), MapType.PERCPU_ARRAY, 8, entry(u64(0), perCpu(3, 2))),
                map("@neg", List.of(), new MapValueKind.Plain(I64), MapType.HASH, 8, entry(u64(0), u64(-7))),
                map("@big", List.of(), new MapValueKind.Plain(I64), MapType.HASH, 8, entry(u64(0), u64(123456789012L))),
                map("@s", List.of(new Field(STR, 0)), new MapValueKind.Sum(Signedness.SIGNED), MapType.PERCPU_HASH, 8,
                        entry(str("x"), perCpu(10, 0)), entry(str("y"), perCpu(-25, 5)), entry(str("z"), perCpu(0, 5))),
                map("@byint", List.of(new Field(I64, 0)), new MapValueKind.Count(), MapType.PERCPU_HASH, 8,
                        entry(u64(1), perCpu(2, 0)), entry(u64(3), perCpu(0, 1))));
        assertEquals(golden("counts", format), format.attachedProbes(1) + printer(format).renderAtExit(maps));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void log2HistogramsMatchBpftrace(OutputFormat format) {
        var bucket = new Field(U64, 0);
        var h = map("@h", List.of(bucket), new MapValueKind.Hist(), MapType.PERCPU_HASH, 8,
                entry(u64(0), perCpu(1, 0)), entry(u64(1), perCpu(0, 1)), entry(u64(2), perCpu(1, 1)),
                entry(u64(3), perCpu(1, 0)), entry(u64(11), perCpu(1, 0)), entry(u64(12), perCpu(0, 1)),
                entry(u64(22), perCpu(1, 0)));
        var k = map("@k", List.of(new Field(I64, 0), new Field(U64, 8)), new MapValueKind.Hist(), MapType.PERCPU_HASH, 8,
                entry(concat(u64(1), u64(5)), perCpu(2, 0)), entry(concat(u64(1), u64(6)), perCpu(0, 1)),
                entry(concat(u64(2), u64(4)), perCpu(1, 0)));
        assertEquals(golden("hist", format), format.attachedProbes(1) + printer(format).renderAtExit(List.of(h, k)));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void linearHistogramsMatchBpftrace(OutputFormat format) {
        var l = map("@l", List.of(new Field(U64, 0)), new MapValueKind.Lhist(0, 100, 10), MapType.PERCPU_HASH, 8,
                entry(u64(0), perCpu(1, 0)), entry(u64(1), perCpu(1, 1)), entry(u64(6), perCpu(1, 0)), entry(u64(11), perCpu(1, 1)));
        var k = map("@k", List.of(new Field(U64, 0)), new MapValueKind.Lhist(0, 4096, 1024), MapType.PERCPU_HASH, 8,
                entry(u64(3), perCpu(1, 2)));
        assertEquals(golden("lhist", format), format.attachedProbes(1) + printer(format).renderAtExit(List.of(l, k)));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void statsAveragesAndExtremesMatchBpftrace(OutputFormat format) {
        var maps = List.of(
                map("@st", List.of(), new MapValueKind.Stats(Signedness.SIGNED), MapType.PERCPU_ARRAY, 16,
                        entry(u64(0), concat(u64(10), u64(1), u64(21), u64(1)))),
                map("@a", List.of(), new MapValueKind.Avg(Signedness.SIGNED), MapType.PERCPU_ARRAY, 16,
                        entry(u64(0), concat(u64(7), u64(2), u64(0), u64(0)))),
                map("@ak", List.of(new Field(STR, 0)), new MapValueKind.Avg(Signedness.SIGNED), MapType.PERCPU_HASH, 16,
                        entry(str("x"), concat(u64(10), u64(1), u64(0), u64(0))), entry(str("y"), concat(u64(0), u64(0), u64(2), u64(1)))),
                map("@mi", List.of(), new MapValueKind.Min(Signedness.SIGNED), MapType.PERCPU_ARRAY, 16,
                        entry(u64(0), concat(u64(4), u64(1), u64(2), u64(1)))),
                map("@ma", List.of(), new MapValueKind.Max(Signedness.SIGNED), MapType.PERCPU_ARRAY, 16,
                        entry(u64(0), concat(u64(9), u64(1), u64(0), u64(0)))),
                map("@sk", List.of(new Field(STR, 0)), new MapValueKind.Stats(Signedness.SIGNED), MapType.PERCPU_HASH, 16,
                        entry(str("p"), concat(u64(100), u64(1), u64(0), u64(0))), entry(str("q"), concat(u64(1), u64(1), u64(0), u64(0)))));
        assertEquals(golden("stats", format), format.attachedProbes(1) + printer(format).renderAtExit(maps));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void multiKeyStringAndTupleMapsMatchBpftrace(OutputFormat format) {
        var key = List.of(new Field(I64, 0), new Field(STR, 8));
        var m = map("@m", key, new MapValueKind.Plain(STR), MapType.HASH, 16,
                entry(concat(u64(1), str("x")), str("one")), entry(concat(u64(2), str("a")), str("two")),
                entry(concat(u64(1), str("a")), str("three")));
        var tupleType = new FieldType.Tuple(List.of(new Field(I64, 0), new Field(STR, 8), new Field(I64, 24)), 32);
        var t = map("@t", List.of(), new MapValueKind.Plain(tupleType), MapType.HASH, 32,
                entry(u64(0), concat(u64(1), str("str"), u64(-2))));
        var s = map("@str", List.of(), new MapValueKind.Plain(STR), MapType.HASH, 16, entry(u64(0), str("hello")));
        assertEquals(golden("multikey", format), format.attachedProbes(1) + printer(format).renderAtExit(List.of(m, t, s)));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void emptyAndClearedMapsPrintBlankLinesAsBpftraceDoes(OutputFormat format) {
        var maps = List.of(
                map("@x", List.of(), new MapValueKind.Plain(I64), MapType.HASH, 8),
                map("@h", List.of(new Field(U64, 0)), new MapValueKind.Hist(), MapType.PERCPU_HASH, 8),
                map("@c", List.of(), new MapValueKind.Count(), MapType.PERCPU_ARRAY, 8, entry(u64(0), perCpu(0, 0))));
        assertEquals(golden("empty", format), format.attachedProbes(1) + printer(format).renderAtExit(maps));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void printfConversionsMatchBpftrace(OutputFormat format) {
        var out = new StringBuilder(format.attachedProbes(1));
        out.append(format.printf(printf.format(spec("%d|%5d|%-5d|%05d|%x|%X|%08x|%o\n", I64, I64, I64, I64, I64, I64, I64, I64),
                record(u64(42), u64(42), u64(42), u64(42), u64(255), u64(255), u64(255), u64(8)))));
        out.append(format.printf(printf.format(spec("%d %u %ld %lu %llu %lld\n", I64, I64, I64, I64, I64, I64),
                record(u64(-1), u64(-1), u64(-1), u64(-1), u64(-1), u64(-1)))));
        out.append(format.printf(printf.format(spec("%s|%10s|%-10s|%.2s|%c\n", STR, STR, STR, STR, I64),
                record(str("hello"), str("hi"), str("hi"), str("hello"), u64(65)))));
        out.append(format.printf(printf.format(spec("%hd %hhd %hu %hhx\n", I64, I64, I64, I64), record(u64(70000), u64(300), u64(70000), u64(300)))));
        out.append(format.printf(printf.format(spec("100%% done %d%%\n", I64), record(u64(5)))));
        out.append(format.printf(printf.format(spec("%p %p\n", I64, I64), record(u64(0), u64(4096)))));
        out.append(format.printf(printf.format(spec("tail %%\n"), record())));
        out.append(printer(format).renderAtExit(List.of()));
        assertEquals(golden("printf", format), out.toString());
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void multiByteStringsAreWrittenAsBytesAndWidthsCountBytes(OutputFormat format) {
        var e = "\u00e9".getBytes(StandardCharsets.UTF_8);
        var field = new byte[16];
        System.arraycopy(e, 0, field, 0, e.length);
        var out = new StringBuilder(format.attachedProbes(1));
        out.append(format.printf(printf.format(spec("%s|%3s|\n", STR, STR), record(field, field))));
        out.append(printer(format).renderAtExit(List.of()));
        assertEquals(golden("utf8", format), out.toString());
    }

    private static PrintfSpec spec(String format, FieldType... types) {
        var args = new ArrayList<Field>();
        int offset = 8;
        for (var type : types) {
            args.add(new Field(type, offset));
            offset += type.size();
        }
        return new PrintfSpec(0, format, args, offset);
    }

    private static byte[] record(byte[]... fields) {
        var all = new byte[fields.length + 1][];
        all[0] = u64(0);
        System.arraycopy(fields, 0, all, 1, fields.length);
        return concat(all);
    }

    private static MapContents map(String name, List<Field> key, MapValueKind kind, MapType type, int valueSize, MapEntry... entries) {
        int keySize = key.isEmpty() ? 8 : key.getLast().offset() + key.getLast().type().size();
        var spec = new MapSpec(name.replace("@", "map_"), type, keySize, valueSize, 1024, Optional.of(new MapDisplay(name, key, kind)));
        return new MapContents(spec, List.of(entries));
    }

    private static MapEntry entry(byte[] key, byte[] value) {
        return new MapEntry(key, value);
    }

    private static byte[] perCpu(long... values) {
        var bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) bytes[i] = u64(values[i]);
        return concat(bytes);
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] str(String text) {
        var bytes = new byte[16];
        var raw = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(raw, 0, bytes, 0, raw.length);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (var part : parts) length += part.length;
        var all = new byte[length];
        int at = 0;
        for (var part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String golden(String name, OutputFormat format) {
        var extension = format == OutputFormat.JSON ? ".json" : ".out";
        try (InputStream in = MapPrinterGoldenTest.class.getResourceAsStream("/golden/print/" + name + extension)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

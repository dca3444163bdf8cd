package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.MapModel;
import jtracec.spec.interp.Outcome;
import jtracec.spec.interp.Task;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.PrintfSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Translation validation: compiled programs run in spec's reference interpreter on synthetic
 * events and produce what the script means under bpftrace 0.17, at every optimisation level.
 */
class SemanticsTest {
    private record Compiled(TypedProgram typed, BpfObject object, Machine machine) {
        Outcome run(int program, Event event) {
            Outcome outcome = machine.run(object.programs().get(program), event);
            assertInstanceOf(Outcome.Returned.class, outcome, () -> outcome.toString());
            return outcome;
        }

        List<byte[]> events() {
            int index = object.eventMap().orElseThrow();
            return ((MapModel.RingBufferModel) machine.map(index)).records();
        }

        int mapIndex(String scriptName) {
            List<MapSpec> maps = object.maps();
            for (int i = 0; i < maps.size(); i++) {
                if (maps.get(i).display().map(d -> d.scriptName().equals(scriptName)).orElse(false)) return i;
            }
            throw new AssertionError("no map " + scriptName);
        }

        /** Sum over CPUs of the first u64 of each value, by key bytes rendered with {@code keyText}. */
        Map<String, Long> perCpuSums(String scriptName, java.util.function.Function<byte[], String> keyText) {
            var model = machine.hashMap(mapIndex(scriptName));
            var out = new TreeMap<String, Long>();
            for (byte[] key : model.keys()) {
                long sum = model.values(key).stream().mapToLong(v -> u64(v, 0)).sum();
                out.put(keyText.apply(key), sum);
            }
            return out;
        }

        TracepointFormat format(int probe) {
            return typed.probes().get(probe).points().get(0).tracepoint().orElseThrow();
        }
    }

    private static Compiled compile(String script, CompileOptions.Optimization level) {
        TypedProgram typed = ScriptCompilationTest.typed(script);
        BpfObject object = ScriptCompilationTest.compileChecked(typed, CompileOptions.defaults().withOptimization(level));
        return new Compiled(typed, object, Machine.of(object.maps()));
    }

    static long u64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    static String cString(byte[] bytes, int offset, int size) {
        int end = offset;
        while (end < offset + size && bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static byte[] tracepointContext(TracepointFormat format, String field, long value) {
        var bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(format.field(field).orElseThrow().offset(), value);
        return bytes.array();
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void helloSendsItsPrintfRecordAndThenExit(CompileOptions.Optimization level) {
        var c = compile("BEGIN { printf(\"hello, %s %d\\n\", \"world\", 42); exit(); }", level);
        c.run(0, Event.of(new byte[8], Task.of(1, "jtracec", 0)));
        List<byte[]> events = c.events();
        assertEquals(2, events.size());
        byte[] record = events.get(0);
        PrintfSpec printf = c.object().printfs().get((int) u64(record, 0));
        assertEquals("hello, %s %d\n", printf.format());
        assertEquals(printf.size(), record.length);
        assertEquals("world", cString(record, printf.args().get(0).offset(), printf.args().get(0).type().size()));
        assertEquals(42, u64(record, printf.args().get(1).offset()));
        assertEquals(EventIds.EXIT, u64(events.get(1), 0));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void exitEndsTheProbeAfterSendingItsEvent(CompileOptions.Optimization level) {
        var c = compile("BEGIN { exit(); printf(\"after\\n\"); }", level);
        c.run(0, Event.of(new byte[8], Task.of(1, "x", 0)));
        assertEquals(1, c.events().size());
        assertEquals(EventIds.EXIT, u64(c.events().get(0), 0));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void kstackKeysAreStackIdsIntoTheStackMapTheDisplayNames(CompileOptions.Optimization level) {
        var c = compile("kprobe:vfs_read { @[kstack] = count(); }", level);
        var frames = List.of(0xffff_ffff_8100_0010L, 0xffff_ffff_8100_0020L);
        for (int i = 0; i < 2; i++) c.run(0, Event.of(new byte[168], Task.of(1, "x", 0).withStacks(frames, List.of())));
        var display = c.object().maps().get(c.mapIndex("@")).display().orElseThrow();
        var stackField = (jtracec.spec.object.FieldType.Stack) display.key().get(0).type();
        var stacks = (MapModel.StackTraceMapModel) c.machine().map(stackField.mapIndex());
        Map<String, Long> counts = c.perCpuSums("@", k -> Long.toString(u64(k, 0)));
        assertEquals(1, counts.size());
        assertEquals(2L, counts.values().iterator().next());
        int id = Integer.parseInt(counts.keySet().iterator().next());
        assertEquals(frames, stacks.stack(id).orElseThrow().subList(0, 2));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void countByCommCountsEachCommAcrossCpus(CompileOptions.Optimization level) {
        var c = compile("tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }", level);
        for (int i = 0; i < 3; i++) c.run(0, Event.of(new byte[64], Task.of(10, "bash", 0).onCpu(i)));
        c.run(0, Event.of(new byte[64], Task.of(11, "sh", 0)));
        assertEquals(Map.of("bash", 3L, "sh", 1L), c.perCpuSums("@", k -> cString(k, 0, 16)));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void histBucketsAreBpftrace017Log2(CompileOptions.Optimization level) {
        var c = compile("tracepoint:syscalls:sys_exit_read { @h = hist(args->ret); @s = sum(args->ret); }", level);
        long[] values = {-5, 0, 1, 2, 3, 4, 1000, 1L << 40};
        for (long v : values) c.run(0, Event.of(tracepointContext(c.format(0), "ret", v), Task.of(1, "x", 0)));
        // bucket 0: negative, 1: zero, then 2 + floor(log2 n), saturating at 33 (five shift steps)
        assertEquals(Map.of("0", 1L, "1", 1L, "2", 1L, "3", 2L, "4", 1L, "11", 1L, "33", 1L),
                c.perCpuSums("@h", k -> Long.toString(u64(k, k.length - 8))));
        assertEquals(Map.of("", Arrays.stream(values).sum()), c.perCpuSums("@s", k -> ""));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void predicateFiltersEvents(CompileOptions.Optimization level) {
        var c = compile("tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @[comm] = sum(args->ret); }", level);
        for (long v : new long[] {-5, 7, 9, 0}) {
            c.run(0, Event.of(tracepointContext(c.format(0), "ret", v), Task.of(1, "cat", 0)));
        }
        assertEquals(Map.of("cat", 16L), c.perCpuSums("@", k -> cString(k, 0, 16)));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void loopsScratchVariablesAndDivisionByZero(CompileOptions.Optimization level) {
        var c = compile("BEGIN { $i = 0; $s = 0; while ($i < 10) { $i++; $s += $i; } $z = $i - 10; "
                + "printf(\"%d %d %d %d %d\\n\", $i, $s, $s / $z, $s % $z, $s > 50 ? -1 : 1); }", level);
        c.run(0, Event.of(new byte[8], Task.of(1, "x", 0)));
        byte[] record = c.events().get(0);
        PrintfSpec printf = c.object().printfs().get(0);
        long[] expected = {10, 55, 0, 55, -1};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], u64(record, printf.args().get(i).offset()), "arg " + i);
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void breakContinueAndReturnLeaveTheRightScopes(CompileOptions.Optimization level) {
        var c = compile("BEGIN { $i = 0; $s = 0; while ($i < 100) { $i++; if ($i % 2 == 0) { continue; } "
                + "if ($i > 9) { break; } $s += $i; } printf(\"%d %d\\n\", $i, $s); "
                + "if ($s == 25) { return; } printf(\"unreachable\\n\"); }", level);
        c.run(0, Event.of(new byte[8], Task.of(1, "x", 0)));
        assertEquals(1, c.events().size());
        byte[] record = c.events().get(0);
        PrintfSpec printf = c.object().printfs().get((int) u64(record, 0));
        assertEquals(11, u64(record, printf.args().get(0).offset()));
        assertEquals(25, u64(record, printf.args().get(1).offset()));
    }

    /** Regression: a helper result defined last in a block and a value dying at the jump once shared a register. */
    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void loopCarriedHelperResultsKeepTheirOwnRegisters(CompileOptions.Optimization level) {
        var c = compile("BEGIN { $i = 0; $c = 0; while ($i < 3) { $i++; $c = cpu; } printf(\"%d %d\\n\", $i, $c); }", level);
        c.run(0, Event.of(new byte[8], Task.of(1, "x", 0).onCpu(2)));
        byte[] record = c.events().get(0);
        PrintfSpec printf = c.object().printfs().get(0);
        assertEquals(3, u64(record, printf.args().get(0).offset()));
        assertEquals(2, u64(record, printf.args().get(1).offset()));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void tuplesPackElementsAtAlignedOffsets(CompileOptions.Optimization level) {
        var c = compile("BEGIN { $t = (7, \"ab\", -3); @m[$t.1] = ($t.0, $t.2); "
                + "printf(\"%d %s %d\\n\", $t.0, $t.1, $t.2); }", level);
        c.run(0, Event.of(new byte[8], Task.of(1, "x", 0)));
        byte[] record = c.events().get(0);
        PrintfSpec printf = c.object().printfs().get(0);
        assertEquals(7, u64(record, printf.args().get(0).offset()));
        assertEquals("ab", cString(record, printf.args().get(1).offset(), 3));
        assertEquals(-3, u64(record, printf.args().get(2).offset()));
        var model = c.machine().hashMap(c.mapIndex("@m"));
        byte[] key = model.keys().get(0);
        assertEquals("ab", cString(key, 0, 3));
        byte[] value = model.values(key).get(0);
        assertEquals(7, u64(value, 0));
        assertEquals(-3, u64(value, 8));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void strReadsTheUserStringAndPidIsTheTgid(CompileOptions.Optimization level) {
        var c = compile("tracepoint:syscalls:sys_enter_openat /comm == \"cat\"/ "
                + "{ printf(\"%d %d %s\\n\", pid, tid, str(args->filename)); }", level);
        long address = 0x7fff_0000_1000L;
        byte[] path = "/etc/passwd\0garbage".getBytes(StandardCharsets.UTF_8);
        var event = Event.of(tracepointContext(c.format(0), "filename", address), Task.of(42, "cat", 0).withThread(43))
                .withMemory(List.of(new Event.Segment(address, path)));
        c.run(0, event);
        c.run(0, Event.of(tracepointContext(c.format(0), "filename", address), Task.of(42, "cats", 0))
                .withMemory(List.of(new Event.Segment(address, path))));
        assertEquals(1, c.events().size(), "comm == \"cat\" must not match \"cats\"");
        byte[] record = c.events().get(0);
        PrintfSpec printf = c.object().printfs().get(0);
        assertEquals(42, u64(record, printf.args().get(0).offset()));
        assertEquals(43, u64(record, printf.args().get(1).offset()));
        var str = printf.args().get(2);
        assertEquals("/etc/passwd", cString(record, str.offset(), str.type().size()));
        for (int i = str.offset() + 11; i < str.offset() + str.type().size(); i++) assertEquals(0, record[i], "padding byte " + i);
    }

    /** Kernel struct navigation against the fixture's BTF (FixtureKernelTypes): task_struct and its parent in event memory. */
    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void kernelStructNavigationReadsAtBtfOffsetsThroughPointersBitfieldsAndCharArrays(CompileOptions.Optimization level) {
        var c = compile("kprobe:vfs_read { $t = curtask; printf(\"%d %s %d %d %d\\n\", $t->real_parent->pid, $t->real_parent->comm, "
                + "$t->in_execve, $t->sched_class_bits, $t->tgid); }", level);
        long parent = 0xffff_8880_0000_8000L;
        var task = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        task.putInt(0, 100).putInt(4, 99).putLong(8, parent);
        task.putShort(32, (short) ((45 << 4) | (1 << 3) | 0b101));  // in_execve at bit 3, 6 bits at bit 4, neighbours set
        var parentTask = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        parentTask.putInt(0, 7);
        parentTask.put(16, "systemd\0garbage".getBytes(StandardCharsets.UTF_8));
        c.run(0, Event.of(new byte[168], Task.of(1, "x", 0)).withMemory(List.of(
                new Event.Segment(Machine.TASK_ADDRESS, task.array()), new Event.Segment(parent, parentTask.array()))));
        byte[] record = c.events().get(0);
        PrintfSpec printf = c.object().printfs().get(0);
        assertEquals(7, u64(record, printf.args().get(0).offset()));
        var comm = printf.args().get(1);
        assertEquals("systemd", cString(record, comm.offset(), comm.type().size()));
        for (int i = comm.offset() + 7; i < comm.offset() + comm.type().size(); i++) assertEquals(0, record[i], "padding byte " + i);
        assertEquals(1, u64(record, printf.args().get(2).offset()));
        assertEquals(45, u64(record, printf.args().get(3).offset()));
        assertEquals(99, u64(record, printf.args().get(4).offset()));
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void mapReadsOfAbsentKeysAreZeroAndWritesStick(CompileOptions.Optimization level) {
        var c = compile("BEGIN { @n[1] = 1; } kprobe:vfs_read { @n[tid] = @n[tid] + 2; @last = @n[tid]; }", level);
        for (int i = 0; i < 3; i++) c.run(1, Event.of(new byte[168], Task.of(5, "x", 0)));
        assertEquals(Map.of("5", 6L), c.perCpuSums("@n", k -> Long.toString(u64(k, 0))));
        assertEquals(Map.of("", 6L), c.perCpuSums("@last", k -> ""));
    }
}

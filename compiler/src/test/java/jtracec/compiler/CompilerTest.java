package jtracec.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jtracec.compiler.sema.FixtureTarget;
import jtracec.compiler.sema.SemaOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.Outcome;
import jtracec.spec.interp.Task;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.MapSpec;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scripts from text through the whole back end, checked against what bpftrace 0.17 does with them. */
class CompilerTest {
    private static BpfObject compile(String script, CompileOptions.Optimization level) {
        var diags = new Diagnostics();
        TypedProgram typed = new Frontend().analyse(new SourceFile("test.bt", script), FixtureTarget.snapshot(),
                SemaOptions.defaults(), diags).orElseGet(() -> fail(diags.all().toString()));
        return new Compiler().compile(typed, CompileOptions.defaults().withOptimization(level), diags)
                .orElseGet(() -> fail(diags.all().toString()));
    }

    private static MapSpec map(BpfObject object, String scriptName) {
        return object.maps().stream()
                .filter(m -> m.display().map(d -> d.scriptName().equals(scriptName)).orElse(false))
                .findFirst().orElseGet(() -> fail("no map " + scriptName));
    }

    private static void run(Machine machine, BpfProgram program, Task task) {
        Outcome outcome = machine.run(program, Event.of(new byte[256], task));
        assertInstanceOf(Outcome.Returned.class, outcome, outcome::toString);
    }

    private static long u64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void aScalarCountIsAOneElementPerCpuArrayAsInBpftrace(CompileOptions.Optimization level) {
        BpfObject object = compile("kprobe:vfs_read { @calls = count(); } BEGIN { @[comm] = count(); @s = sum(1); }", level);
        MapSpec calls = map(object, "@calls");
        assertEquals(MapType.PERCPU_ARRAY, calls.type());
        assertEquals(4, calls.keySize());
        assertEquals(1, calls.maxEntries());
        assertEquals(MapType.PERCPU_HASH, map(object, "@").type());
        assertEquals(MapType.PERCPU_HASH, map(object, "@s").type());

        var machine = Machine.forObject(object, Machine.Config.defaults());
        int index = object.maps().indexOf(calls);
        // an array's element exists before any probe fires: bpftrace prints "@calls: 0"
        assertEquals(0, machine.arrayMap(index).values(0).stream().mapToLong(v -> u64(v, 0)).sum());
        BpfProgram kprobe = object.programs().get(0);
        run(machine, kprobe, Task.of(1, "cat", 0));
        run(machine, kprobe, Task.of(2, "cat", 0).onCpu(1));
        run(machine, kprobe, Task.of(3, "cat", 0).onCpu(1));
        List<byte[]> slots = machine.arrayMap(index).values(0);
        assertEquals(List.of(1L, 2L, 0L, 0L), slots.stream().map(v -> u64(v, 0)).toList());
    }

    /** What the script's one BEGIN sends: run by the compiler when it only sends constants (-O1), else in spec's machine. */
    private static List<byte[]> beginRecords(BpfObject object) {
        if (object.evaluatedBegin().isPresent()) return object.evaluatedBegin().get().events();
        var machine = Machine.forObject(object, Machine.Config.defaults());
        run(machine, object.programs().get(0), Task.of(1, "cat", 0));
        return machine.ringBuffer(object.eventMap().orElseThrow()).drain();
    }

    @Test
    void aBeginThatOnlySendsConstantsIsRunByTheCompilerAndOneThatReadsTheClockIsAProgram() {
        BpfObject constant = compile("BEGIN { printf(\"%s %d\\n\", \"PID\", 42); exit(); } tracepoint:syscalls:sys_enter_read { @n = count(); }",
                CompileOptions.Optimization.DEFAULT);
        assertEquals(1, constant.programs().size(), "only the tracepoint is a program");
        List<byte[]> sent = constant.evaluatedBegin().orElseThrow().events();
        assertEquals(2, sent.size(), "the printf record, then exit");
        assertEquals(0, u64(sent.get(0), 0), "printf #0");
        assertEquals(EventIds.EXIT, u64(sent.get(1), 0));
        assertEquals(42, u64(sent.get(0), constant.printfs().get(0).args().get(1).offset()));
        BpfObject clock = compile("BEGIN { printf(\"%d\\n\", nsecs); }", CompileOptions.Optimization.DEFAULT);
        assertTrue(clock.evaluatedBegin().isEmpty());
        assertEquals(1, clock.programs().size());
        BpfObject unoptimised = compile("BEGIN { printf(\"hi\\n\"); }", CompileOptions.Optimization.NONE);
        assertTrue(unoptimised.evaluatedBegin().isEmpty(), "-O0 keeps every probe a program");
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void sizeofATypeIsTheSizeOfThatType(CompileOptions.Optimization level) {
        // bpftrace 0.17 prints "1 4 8 16 8"
        BpfObject object = compile("struct pair { long a; int b; char c; } BEGIN { printf(\"%d %d %d %d %d\\n\", "
                + "sizeof(uint8), sizeof(int32), sizeof(uint64), sizeof(struct pair), sizeof(comm) / 2); }", level);
        byte[] record = beginRecords(object).get(0);
        var printf = object.printfs().get(0);
        assertEquals(List.of(1L, 4L, 8L, 16L, 8L), printf.args().stream().map(f -> u64(record, f.offset())).toList());
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void timeSendsTheIndexOfItsStrftimeFormatWithBpftraceDefault(CompileOptions.Optimization level) {
        BpfObject object = compile("BEGIN { time(); time(\"%Y-%m-%d\\n\"); }", level);
        List<byte[]> records = beginRecords(object);
        assertEquals(2, records.size());
        var formats = new ArrayList<String>();
        for (byte[] record : records) {
            assertEquals(16, record.length);
            assertEquals(EventIds.TIME, u64(record, 0));
            formats.add(object.printfs().get((int) u64(record, 8)).format());
        }
        assertEquals(List.of("%H:%M:%S\n", "%Y-%m-%d\n"), formats);
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void aProgramSpansItsAttachPointSoAttachErrorsUnderlineJustThat(CompileOptions.Optimization level) {
        BpfObject object = compile("BEGIN { @s = nsecs; }\nkprobe:vfs_read,\n  tracepoint:syscalls:sys_enter_read { @n = count(); }", level);
        assertEquals(List.of(new SourceSpan("test.bt", 1, 1, 1, 6), new SourceSpan("test.bt", 2, 1, 2, 16),
                        new SourceSpan("test.bt", 3, 3, 3, 37)),
                object.programs().stream().map(BpfProgram::span).toList());
    }
}

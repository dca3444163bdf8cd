package jtracec.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapDisplay;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.MapValueKind;
import jtracec.spec.object.PrintfSpec;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads hand-assembled objects into the running kernel and checks what a script would see. */
class LoaderKernelTest {
    private static final MapSpec COUNTER = new MapSpec("calls", MapType.ARRAY, 4, 8, 1,
            Optional.of(new MapDisplay("@calls", List.of(), new MapValueKind.Count())));
    private static final MapSpec EVENTS = new MapSpec("events", MapType.RINGBUF, 0, 0, 16384, Optional.empty());

    private final LiveTarget target = new LiveTarget();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeEach
    void kernel() {
        KernelRequirement.requireBpf();
    }

    @Test
    void beginPrintsThroughTheRingBufferAndExitEndsTheRun() {
        var object = new BpfObject("begin.bt", List.of(program("BEGIN", ProgramType.RAW_TRACEPOINT, new AttachPoint.Begin(), printfThenExit())),
                List.of(EVENTS), List.of(new PrintfSpec(0, "hello %d\n", List.of(new Field(new FieldType.Int(8, Signedness.SIGNED), 8)), 16)));
        try (var session = new Loader(target).load(object, out)) {
            session.run(Optional.of(Duration.ofSeconds(10)));
        }
        assertEquals("Attaching 1 probe...\nhello 42\n\n\n", text());
    }

    @Test
    void aTracepointProgramCountsOpenatCalls() throws Exception {
        var object = new BpfObject("openat.bt", List.of(program("tracepoint:syscalls:sys_enter_openat", ProgramType.TRACEPOINT,
                new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), countCalls())), List.of(COUNTER), List.of());
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> {
                for (int i = 0; i < 20; i++) Files.readString(Path.of("/proc/self/stat"));
            });
        }
        assertTrue(count() >= 20, text());
    }

    @Test
    void aUprobeResolvedThroughTheElfReaderFiresOncePerCall(@TempDir Path directory) throws Exception {
        var binary = compile(directory, """
                __attribute__((noinline)) int jtracec_target(int x) { __asm__ volatile(""); return x + 1; }
                int main(void) { int s = 0; for (int i = 0; i < 5; i++) s = jtracec_target(s); return s == 5 ? 0 : 1; }
                """);
        var probe = "uprobe:" + binary + ":jtracec_target";
        var object = new BpfObject("uprobe.bt", List.of(program(probe, ProgramType.KPROBE,
                new AttachPoint.Uprobe(binary.toString(), "jtracec_target", 0, AttachPoint.ProbeEnd.ENTRY), countCalls())), List.of(COUNTER), List.of());
        var uprobeEvents = Path.of("/sys/kernel/tracing/uprobe_events");
        var before = Files.isReadable(uprobeEvents) ? Files.readString(uprobeEvents) : "";
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> {
                var process = new ProcessBuilder(binary.toString()).start();
                assertTrue(process.waitFor(10, TimeUnit.SECONDS));
                assertEquals(0, process.exitValue());
                assertEquals(before, Files.isReadable(uprobeEvents) ? Files.readString(uprobeEvents) : "", "fd-based uprobes stay out of uprobe_events");
            });
        }
        assertEquals(5, count(), text());
    }

    @Test
    void kprobesOnAKernelWithoutThemFailWithAFeatureErrorThatSuggestsATracepoint() {
        KernelRequirement.require(!target.supports(KernelFeature.KPROBES), "this kernel has kprobes; the missing-kprobes path cannot be observed");
        var object = new BpfObject("kprobe.bt", List.of(program("kprobe:vfs_read", ProgramType.KPROBE,
                new AttachPoint.Kprobe("vfs_read", 0, AttachPoint.ProbeEnd.ENTRY), countCalls())), List.of(COUNTER), List.of());
        var failure = assertThrows(FeatureUnavailableException.class, () -> new Loader(target).load(object, out));
        assertEquals(KernelFeature.KPROBES, failure.feature());
        assertTrue(failure.getMessage().contains("CONFIG_KPROBES"), failure.getMessage());
        assertTrue(failure.help().contains("tracepoint:syscalls:sys_enter_read"), failure.help());
    }

    @Test
    void aProgramTheKernelRefusesIsReportedWithItsVerifierLog() {
        var bad = List.of(Asm.mov64(Reg.R0, Reg.R2), Asm.exit());
        var object = new BpfObject("bad.bt", List.of(program("BEGIN", ProgramType.RAW_TRACEPOINT, new AttachPoint.Begin(), bad)), List.of(COUNTER), List.of());
        var failure = assertThrows(ProgramRejectedException.class, () -> new Loader(target).load(object, out));
        assertEquals("BEGIN", failure.probe());
        assertTrue(failure.verifierLog().contains("R2 !read_ok"), failure.verifierLog());
        assertTrue(failure.lastLogLine().contains("processed"), failure.lastLogLine());
    }

    @Test
    void closingASessionLeavesNoProgramInTheKernel() throws Exception {
        KernelRequirement.require(Files.isExecutable(Path.of("/usr/sbin/bpftool")), "bpftool is not installed at /usr/sbin/bpftool");
        var object = new BpfObject("openat.bt", List.of(program("tracepoint:syscalls:sys_enter_openat", ProgramType.TRACEPOINT,
                new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), countCalls())), List.of(COUNTER), List.of());
        int id;
        try (var session = new Loader(target).load(object, out)) {
            id = session.programInfo().getFirst().id();
            assertTrue(bpftoolShows(id));
            runWhileAttached(session, () -> Files.readString(Path.of("/proc/self/stat")));
        }
        // programs are freed after an RCU grace period
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bpftoolShows(id) && System.nanoTime() < deadline) Thread.sleep(50);
        assertFalse(bpftoolShows(id), "program " + id + " is still loaded");
    }

    @Test
    void mapActionsPrintClearAndZeroAsBpftraceDoes() {
        var map = new MapSpec("x", MapType.HASH, 8, 8, 16, Optional.of(new MapDisplay("@x",
                List.of(new Field(new FieldType.Int(8, Signedness.SIGNED), 0)), new MapValueKind.Plain(new FieldType.Int(8, Signedness.SIGNED)))));
        // BEGIN { @x[1] = 5; print(@x); zero(@x); print(@x); exit(); } END { printf("end\n"); }
        var begin = new ArrayList<Insn>();
        begin.add(Asm.storeImm(Opcodes.DW, Reg.FP, -8, 1));
        begin.add(Asm.storeImm(Opcodes.DW, Reg.FP, -16, 5));
        begin.addAll(Asm.loadMap(Reg.R1, 0));
        begin.add(Asm.mov64(Reg.R2, Reg.FP));
        begin.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -8));
        begin.add(Asm.mov64(Reg.R3, Reg.FP));
        begin.add(Asm.alu64Imm(Opcodes.ADD, Reg.R3, -16));
        begin.add(Asm.mov64(Reg.R4, 0L));
        begin.add(Asm.call(2));
        begin.addAll(action(EventIds.PRINT_MAP, 0));
        begin.addAll(action(EventIds.ZERO_MAP, 0));
        begin.addAll(action(EventIds.PRINT_MAP, 0));
        begin.addAll(action(EventIds.EXIT, 0));
        begin.add(Asm.mov64(Reg.R0, 0L));
        begin.add(Asm.exit());
        var end = new ArrayList<Insn>();
        end.add(Asm.storeImm(Opcodes.DW, Reg.FP, -16, 0));
        end.addAll(ringbufOutput(1, -16, 8));
        end.add(Asm.mov64(Reg.R0, 0L));
        end.add(Asm.exit());
        var object = new BpfObject("actions.bt", List.of(
                program("BEGIN", ProgramType.RAW_TRACEPOINT, new AttachPoint.Begin(), begin),
                program("END", ProgramType.RAW_TRACEPOINT, new AttachPoint.End(), end)),
                List.of(map, EVENTS), List.of(new PrintfSpec(0, "end\n", List.of(), 8)));
        try (var session = new Loader(target).load(object, out)) {
            session.run(Optional.of(Duration.ofSeconds(10)));
        }
        assertEquals("Attaching 2 probes...\n@x[1]: 5\n@x[1]: 0\nend\n\n\n@x[1]: 0\n", text());
    }

    @Test
    void timersSoftwareEventsAndRawTracepointsAllFire() throws Exception {
        var maps = List.of(counter("@interval"), counter("@profile"), counter("@software"), counter("@raw"), counter("@end"));
        var object = new BpfObject("timers.bt", List.of(
                program("interval:ms:50", ProgramType.PERF_EVENT, new AttachPoint.Interval(50_000_000L), countCalls(0)),
                program("profile:hz:99", ProgramType.PERF_EVENT, new AttachPoint.Profile(0, 99), countCalls(1)),
                program("software:cpu-clock:1000000", ProgramType.PERF_EVENT, new AttachPoint.Software("cpu-clock", 0, 1_000_000), countCalls(2)),
                program("rawtracepoint:sys_enter", ProgramType.RAW_TRACEPOINT, new AttachPoint.RawTracepoint("sys_enter"), countCalls(3)),
                program("END", ProgramType.RAW_TRACEPOINT, new AttachPoint.End(), countCalls(4))), maps, List.of());
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> {
                long spinUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                while (System.nanoTime() < spinUntil) Files.readString(Path.of("/proc/self/stat"));
            });
            assertEquals(0, session.attachedCount(), "detached after the run");
        }
        assertTrue(count("@interval") >= 3, text());
        assertTrue(count("@profile") >= 1, text());
        assertTrue(count("@software") >= 1, text());
        assertTrue(count("@raw") >= 10, text());
        assertEquals(1, count("@end"), text());
    }

    @Test
    void aUretprobeFiresOnReturn(@TempDir Path directory) throws Exception {
        var binary = compile(directory, """
                __attribute__((noinline)) int jtracec_target(int x) { __asm__ volatile(""); return x + 1; }
                int main(void) { int s = 0; for (int i = 0; i < 3; i++) s = jtracec_target(s); return s == 3 ? 0 : 1; }
                """);
        var object = new BpfObject("uretprobe.bt", List.of(program("uretprobe:" + binary + ":jtracec_target", ProgramType.KPROBE,
                new AttachPoint.Uprobe(binary.toString(), "jtracec_target", 0, AttachPoint.ProbeEnd.RETURN), countCalls())), List.of(COUNTER), List.of());
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> assertEquals(0, new ProcessBuilder(binary.toString()).start().waitFor()));
        }
        assertEquals(3, count(), text());
    }

    @Test
    void aMissingUprobeSymbolIsATypedError(@TempDir Path directory) throws Exception {
        var binary = compile(directory, "int main(void) { return 0; }\n");
        var object = new BpfObject("missing.bt", List.of(program("uprobe:" + binary + ":nope", ProgramType.KPROBE,
                new AttachPoint.Uprobe(binary.toString(), "nope", 0, AttachPoint.ProbeEnd.ENTRY), countCalls())), List.of(COUNTER), List.of());
        try (var session = new Loader(target).load(object, out)) {
            var failure = assertThrows(AttachTargetNotFoundException.class, () -> session.run(Optional.of(Duration.ofSeconds(1))));
            assertTrue(failure.getMessage().contains("function nope not found"), failure.getMessage());
        }
    }

    @Test
    void hardwareEventsWithoutAPmuFailWithAFeatureError() {
        KernelRequirement.require(!target.supports(KernelFeature.HARDWARE_PMU), "this machine has a hardware PMU");
        var object = new BpfObject("hw.bt", List.of(program("hardware:cpu-cycles:1000000", ProgramType.PERF_EVENT,
                new AttachPoint.Hardware("cpu-cycles", 0, 1_000_000), countCalls())), List.of(COUNTER), List.of());
        var failure = assertThrows(FeatureUnavailableException.class, () -> new Loader(target).load(object, out));
        assertEquals(KernelFeature.HARDWARE_PMU, failure.feature());
        assertTrue(failure.help().contains("software:cpu-clock"), failure.help());
    }

    @Test
    void kfuncProbesWithoutFentryFailWithAFeatureError() {
        KernelRequirement.require(!target.supports(KernelFeature.FENTRY), "this kernel attaches fentry programs");
        var object = new BpfObject("kfunc.bt", List.of(program("kfunc:vfs_read", ProgramType.TRACING,
                new AttachPoint.Kfunc("vfs_read", AttachPoint.ProbeEnd.ENTRY), List.of(Asm.mov64(Reg.R0, 0L), Asm.exit()))), List.of(), List.of());
        var failure = assertThrows(FeatureUnavailableException.class, () -> new Loader(target).load(object, out));
        assertEquals(KernelFeature.FENTRY, failure.feature());
        assertTrue(failure.help().contains("tracepoint:syscalls:sys_enter_read"), failure.help());
    }

    @Test
    void kernelStacksAsMapKeysPrintTheirFramesWithOffsets() throws Exception {
        var stackType = new FieldType.Stack(FieldType.StackKind.KERNEL, 1, 127);
        var byStack = new MapSpec("stacks_seen", MapType.HASH, 8, 8, 1024,
                Optional.of(new MapDisplay("@", List.of(new Field(stackType, 0)), new MapValueKind.Plain(new FieldType.Int(8, Signedness.SIGNED)))));
        var stacks = new MapSpec("stack_traces", MapType.STACK_TRACE, 4, 127 * 8, 1024, Optional.empty());
        // tracepoint:syscalls:sys_enter_openat { @[kstack] = 1; }
        var insns = new ArrayList<Insn>();
        insns.add(Asm.mov64(Reg.R6, Reg.R1));
        insns.add(Asm.mov64(Reg.R1, Reg.R6));
        insns.addAll(Asm.loadMap(Reg.R2, 1));
        insns.add(Asm.mov64(Reg.R3, 0L));
        insns.add(Asm.call(27));
        insns.add(Asm.jumpImm(Opcodes.JSGT, Reg.R0, -1, 2));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        insns.add(Asm.store(Opcodes.DW, Reg.FP, -8, Reg.R0));
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -16, 1));
        insns.addAll(Asm.loadMap(Reg.R1, 0));
        insns.add(Asm.mov64(Reg.R2, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -8));
        insns.add(Asm.mov64(Reg.R3, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R3, -16));
        insns.add(Asm.mov64(Reg.R4, 0L));
        insns.add(Asm.call(2));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        var object = new BpfObject("kstack.bt", List.of(program("tracepoint:syscalls:sys_enter_openat", ProgramType.TRACEPOINT,
                new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), insns)), List.of(byStack, stacks), List.of());
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> Files.readString(Path.of("/proc/self/stat")));
        }
        System.out.println("[kstack] " + text());
        assertTrue(Pattern.compile("@\\[\n(    [A-Za-z0-9_.]+\\+\\d+\n)+\\]: 1\n").matcher(text()).find(), text());
    }

    @Test
    void usymResolvesTheProbedFunctionOfALiveProcess(@TempDir Path directory) throws Exception {
        var binary = compile(directory, """
                #include <unistd.h>
                __attribute__((noinline)) int jtracec_target(int x) { __asm__ volatile(""); return x + 1; }
                int main(void) { int s = jtracec_target(0); sleep(1); return s == 1 ? 0 : 1; }
                """);
        // uprobe:BINARY:jtracec_target { printf("%s\n", usym(reg("ip"))); }
        var insns = new ArrayList<Insn>();
        insns.add(Asm.mov64(Reg.R6, Reg.R1));
        insns.add(Asm.load(Opcodes.DW, Reg.R7, Reg.R6, 128));
        insns.add(Asm.call(14));
        insns.add(Asm.alu64Imm(Opcodes.RSH, Reg.R0, 32));
        insns.add(Asm.store(Opcodes.DW, Reg.FP, -8, Reg.R0));
        insns.add(Asm.store(Opcodes.DW, Reg.FP, -16, Reg.R7));
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -24, 0));
        insns.addAll(ringbufOutput(0, -24, 24));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        var object = new BpfObject("usym.bt", List.of(program("uprobe:" + binary + ":jtracec_target", ProgramType.KPROBE,
                new AttachPoint.Uprobe(binary.toString(), "jtracec_target", 0, AttachPoint.ProbeEnd.ENTRY), insns)),
                List.of(EVENTS), List.of(new PrintfSpec(0, "%s\n", List.of(new Field(new FieldType.UserSymbol(), 8)), 24)));
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> assertEquals(0, new ProcessBuilder(binary.toString()).start().waitFor()));
        }
        assertEquals("Attaching 1 probe...\njtracec_target\n\n\n", text());
    }

    @Test
    void ringBufferRecordsArriveInOrderAcrossManyWrapArounds() throws Exception {
        long pid = ProcessHandle.current().pid();
        // tracepoint:syscalls:sys_enter_openat /pid == PID/ { printf("%d\n", @seq++); } with a 16 KiB ring buffer
        var insns = new ArrayList<Insn>();
        insns.add(Asm.call(14));
        insns.add(Asm.alu64Imm(Opcodes.RSH, Reg.R0, 32));
        insns.add(Asm.jumpImm(Opcodes.JEQ, Reg.R0, (int) pid, 2));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        insns.addAll(Asm.loadMap(Reg.R1, 0));
        insns.add(Asm.storeImm(Opcodes.W, Reg.FP, -4, 0));
        insns.add(Asm.mov64(Reg.R2, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -4));
        insns.add(Asm.call(1));
        insns.add(Asm.jumpImm(Opcodes.JNE, Reg.R0, 0, 2));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        insns.add(Asm.mov64(Reg.R1, 1L));
        insns.add(new Insn(Opcodes.STX | Opcodes.ATOMIC | Opcodes.DW, Reg.R0, Reg.R1, 0, Opcodes.ATOMIC_ADD | Opcodes.ATOMIC_FETCH));
        insns.add(Asm.store(Opcodes.DW, Reg.FP, -16, Reg.R1));
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -24, 0));
        insns.addAll(ringbufOutput(1, -24, 16));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        var sequence = new MapSpec("seq", MapType.ARRAY, 4, 8, 1, Optional.empty());
        var events = new MapSpec("events", MapType.RINGBUF, 0, 0, 16384, Optional.empty());
        var object = new BpfObject("order.bt", List.of(program("tracepoint:syscalls:sys_enter_openat", ProgramType.TRACEPOINT,
                new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), insns)), List.of(sequence, events),
                List.of(new PrintfSpec(0, "%d\n", List.of(new Field(new FieldType.Int(8, Signedness.UNSIGNED), 8)), 16)));
        int opens = 5000;
        try (var session = new Loader(target).load(object, out)) {
            runWhileAttached(session, () -> {
                for (int i = 0; i < opens; i++) {
                    Files.readString(Path.of("/proc/self/stat"));
                    // keep under the ring's 16 KiB between polls: the reader, not the ring, is under test
                    if (i % 200 == 199) Thread.sleep(150);
                }
            });
        }
        var numbers = text().lines().skip(1).filter(line -> line.matches("\\d+")).mapToLong(Long::parseLong).toArray();
        assertTrue(numbers.length >= opens, "records: " + numbers.length);
        for (int i = 1; i < numbers.length; i++) assertEquals(numbers[i - 1] + 1, numbers[i], "record " + i);
    }

    @Test
    void aRunEndsByItselfWhenItsDurationIsOver() {
        var object = new BpfObject("interval.bt", List.of(program("interval:ms:10", ProgramType.PERF_EVENT,
                new AttachPoint.Interval(10_000_000L), countCalls())), List.of(COUNTER), List.of());
        long started = System.nanoTime();
        try (var session = new Loader(target).load(object, out)) {
            session.run(Optional.of(Duration.ofMillis(300)));
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(elapsedMillis < 3000, elapsedMillis + " ms");
        assertTrue(count() >= 10, text());
    }

    @Test
    void eventsTheProgramsCountedAsLostAreReported() {
        var lost = new MapSpec(TraceSession.LOST_EVENTS_MAP, MapType.ARRAY, 4, 8, 1, Optional.empty());
        // what compiled programs add per refused record: bpf_ringbuf_output's result, -EAGAIN
        var begin = new ArrayList<Insn>();
        for (int i = 0; i < 3; i++) begin.addAll(addTo(0, -11));
        begin.addAll(action(EventIds.EXIT, 0));
        begin.add(Asm.mov64(Reg.R0, 0L));
        begin.add(Asm.exit());
        var object = new BpfObject("lost.bt", List.of(program("BEGIN", ProgramType.RAW_TRACEPOINT, new AttachPoint.Begin(), begin)),
                List.of(lost, EVENTS), List.of());
        try (var session = new Loader(target).load(object, out)) {
            session.run(Optional.of(Duration.ofSeconds(10)));
            assertEquals(3, session.lostEvents());
        }
        assertEquals("Attaching 1 probe...\nLost 3 events\n\n\n", text());
    }

    private static MapSpec counter(String name) {
        return new MapSpec(name.substring(1), MapType.ARRAY, 4, 8, 1, Optional.of(new MapDisplay(name, List.of(), new MapValueKind.Count())));
    }

    private static List<Insn> action(long id, long mapIndex) {
        var insns = new ArrayList<Insn>();
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -32, (int) id));
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -24, (int) mapIndex));
        insns.addAll(ringbufOutput(1, -32, 16));
        return insns;
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs the session on another thread; once its probes are attached, does {@code action}, then stops it. */
    private static void runWhileAttached(TraceSession session, Action action) throws Exception {
        var run = CompletableFuture.runAsync(() -> session.run(Optional.of(Duration.ofSeconds(20))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (session.attachedCount() == 0 && !run.isDone() && System.nanoTime() < deadline) Thread.sleep(10);
        try {
            action.run();
        } finally {
            session.requestStop();
            run.get(20, TimeUnit.SECONDS);
        }
    }

    private long count() {
        return count("@calls");
    }

    private long count(String name) {
        var matcher = Pattern.compile(Pattern.quote(name) + ": (\\d+)").matcher(text());
        assertTrue(matcher.find(), text());
        return Long.parseLong(matcher.group(1));
    }

    private String text() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static boolean bpftoolShows(int id) throws IOException, InterruptedException {
        var process = new ProcessBuilder("/usr/sbin/bpftool", "prog", "show", "id", Integer.toString(id)).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    private static Path compile(Path directory, String source) throws IOException, InterruptedException {
        var gcc = Path.of("/usr/bin/gcc");
        KernelRequirement.require(Files.isExecutable(gcc), "gcc is needed to build the uprobe target");
        var file = directory.resolve("target.c");
        Files.writeString(file, source);
        var binary = directory.resolve("target");
        var process = new ProcessBuilder(gcc.toString(), "-O1", "-o", binary.toString(), file.toString()).inheritIO().start();
        assertEquals(0, process.waitFor());
        return binary;
    }

    private static BpfProgram program(String probe, ProgramType type, AttachPoint attach, List<Insn> insns) {
        return BpfProgram.atOneSite(probe.replaceAll("[^A-Za-z0-9]", "_"), type, new jtracec.spec.object.AttachSite(probe, attach), insns,
                LineTable.unknown("test.bt", insns.size()), SourceSpan.unknown("test.bt"));
    }

    /** @calls = count() on map 0, an array of one u64: lookup, then an atomic add. */
    private static List<Insn> countCalls() {
        return countCalls(0);
    }

    private static List<Insn> countCalls(int mapIndex) {
        var insns = new ArrayList<Insn>();
        insns.addAll(Asm.loadMap(Reg.R1, mapIndex));
        insns.add(Asm.storeImm(Opcodes.W, Reg.FP, -4, 0));
        insns.add(Asm.mov64(Reg.R2, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -4));
        insns.add(Asm.call(1));
        insns.add(Asm.jumpImm(Opcodes.JEQ, Reg.R0, 0, 2));
        insns.add(Asm.mov64(Reg.R1, 1L));
        insns.add(new Insn(Opcodes.STX | Opcodes.ATOMIC | Opcodes.DW, Reg.R0, Reg.R1, 0, Opcodes.ATOMIC_ADD));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        return insns;
    }

    /** Adds {@code amount} to element 0 of the array at {@code mapIndex}, if the lookup finds it. */
    private static List<Insn> addTo(int mapIndex, int amount) {
        var insns = new ArrayList<>(countCalls(mapIndex).subList(0, countCalls(mapIndex).size() - 2));
        insns.set(insns.size() - 2, Asm.mov64(Reg.R1, (long) amount));
        return insns;
    }

    /** printf("hello %d\n", 42); exit(); through bpf_ringbuf_output on map 0. */
    private static List<Insn> printfThenExit() {
        var insns = new ArrayList<Insn>();
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -16, 0));
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -8, 42));
        insns.addAll(ringbufOutput(0, -16, 16));
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -8, (int) EventIds.EXIT));
        insns.addAll(ringbufOutput(0, -8, 8));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        return insns;
    }

    private static List<Insn> ringbufOutput(int mapIndex, int stackOffset, int size) {
        var insns = new ArrayList<Insn>(Asm.loadMap(Reg.R1, mapIndex));
        insns.add(Asm.mov64(Reg.R2, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, stackOffset));
        insns.add(Asm.mov64(Reg.R3, (long) size));
        insns.add(Asm.mov64(Reg.R4, 0L));
        insns.add(Asm.call(130));
        return insns;
    }
}

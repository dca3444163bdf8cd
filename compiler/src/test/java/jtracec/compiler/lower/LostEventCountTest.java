package jtracec.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import jtracec.compiler.Frontend;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrVerifier;
import jtracec.compiler.sema.FixtureTarget;
import jtracec.compiler.sema.SemaOptions;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.MapSpec;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * Only outputs that can fail count lost events: BEGIN and END programs whose outputs are proven to
 * fit their ring (see {@link RingRoom}) send without the count, END into a ring of its own.
 */
class LostEventCountTest {
    private static final int PAGE = 4096;
    private static final String WIDE = "printf(\"%s %s %s %s\\n\", comm, comm, comm, comm);";

    private static IrModule lower(String script, int eventBufferBytes) {
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(new SourceFile("test.bt", script), FixtureTarget.machineOrSnapshot(), SemaOptions.defaults(), diags)
                .orElseThrow(() -> new AssertionError(diags.all()));
        IrModule module = new Lowering(4096, eventBufferBytes).lower(typed, diags).orElseThrow(() -> new AssertionError(diags.all()));
        IrVerifier.check(module);
        return module;
    }

    private static Function function(IrModule module, String probe) {
        return module.functions().stream().filter(f -> f.probe().equals(probe)).findFirst().orElseThrow(() -> new AssertionError(probe));
    }

    private static List<Inst> insts(Function function) {
        return function.blocks().stream().flatMap(b -> b.body().stream()).toList();
    }

    private static long lostCounts(Function function) {
        return insts(function).stream().filter(i -> i instanceof Inst.MapValueAdd).count();
    }

    /** The names of the maps the function's outputs write. */
    private static List<String> outputRings(IrModule module, Function function) {
        return insts(function).stream().filter(i -> i instanceof Inst.RingbufOutput).map(i -> module.maps().get(((Inst.RingbufOutput) i).map()).name()).distinct().toList();
    }

    private static List<String> mapNames(IrModule module) {
        return module.maps().stream().map(MapSpec::name).toList();
    }

    @Test
    void beginPrintfSendsWithoutCountingALostEvent() {
        var module = lower("BEGIN { printf(\"Tracing...\\n\"); }", 256 * 1024);
        Function begin = function(module, "BEGIN");
        assertEquals(0, lostCounts(begin));
        assertEquals(List.of("events"), outputRings(module, begin));
        assertEquals(List.of("events"), mapNames(module), "no lost_events counter when nothing can be lost");
    }

    @Test
    void anEventProgramKeepsItsCountNextToAnUncountedBegin() {
        var module = lower("BEGIN { printf(\"Tracing...\\n\"); } tracepoint:syscalls:sys_enter_openat { printf(\"%d\\n\", pid); }", 256 * 1024);
        assertEquals(0, lostCounts(function(module, "BEGIN")));
        assertEquals(1, lostCounts(function(module, "tracepoint:syscalls:sys_enter_openat")));
        assertTrue(mapNames(module).contains("lost_events"));
    }

    @Test
    void beginWhoseOutputsExceedTheRingKeepsTheCount() {
        // 50 records of 8 + 72 bytes: 4,000 bytes fit a page; 60 (4,800 bytes) do not
        var fits = lower("BEGIN { unroll(50) { " + WIDE + " } }", PAGE);
        assertEquals(0, lostCounts(function(fits, "BEGIN")));
        var exceeds = lower("BEGIN { unroll(60) { " + WIDE + " } }", PAGE);
        assertEquals(60, lostCounts(function(exceeds, "BEGIN")));
    }

    @Test
    void everyBeginProgramCountsTowardsTheSameRing() {
        // each fits alone, the two together do not: the loader runs both before it drains
        String half = "BEGIN { unroll(30) { " + WIDE + " } }\n";
        var module = lower(half + half, PAGE);
        assertEquals(List.of(30L, 30L), module.functions().stream().map(LostEventCountTest::lostCounts).toList());
    }

    @Test
    void beginListedWithAnotherProbeKeepsTheCount() {
        var module = lower("BEGIN, tracepoint:syscalls:sys_enter_openat { printf(\"x\\n\"); }", 256 * 1024);
        assertTrue(module.functions().stream().allMatch(f -> lostCounts(f) == 1));
    }

    @Test
    void aPrintfInALoopMayRunTooOftenToBeBoundedAndKeepsTheCount() {
        var module = lower("BEGIN { $i = 0; while ($i < 3) { printf(\"%d\\n\", $i); $i++; } }", 256 * 1024);
        assertEquals(1, lostCounts(function(module, "BEGIN")));
    }

    @Test
    void endGoesToItsOwnPageSizedRingWithoutTheCount() {
        var module = lower("tracepoint:syscalls:sys_enter_openat { @n = count(); printf(\"%d\\n\", pid); }\n"
                + "END { printf(\"one\\n\"); printf(\"two\\n\"); print(@n); clear(@n); }", 256 * 1024);
        Function end = function(module, "END");
        assertEquals(0, lostCounts(end));
        assertEquals(List.of("end_events"), outputRings(module, end));
        MapSpec ring = module.maps().stream().filter(m -> m.name().equals("end_events")).findFirst().orElseThrow();
        assertEquals(MapType.RINGBUF, ring.type());
        assertEquals(PAGE, ring.maxEntries());
        assertEquals(List.of("events"), outputRings(module, function(module, "tracepoint:syscalls:sys_enter_openat")));
    }

    @Test
    void endThatDoesNotFitTheSharedRingSizeKeepsTheSharedRingAndTheCount() {
        var module = lower("END { unroll(60) { " + WIDE + " } }", PAGE);
        Function end = function(module, "END");
        assertEquals(60, lostCounts(end));
        assertEquals(List.of("events"), outputRings(module, end));
        assertTrue(!mapNames(module).contains("end_events"));
    }

    @Test
    void endRingIsTheSmallestPagePowerOfTwoAboveItsBound() {
        assertEquals(new EventRing.EndOwnRing(PAGE), RingRoom.forEnd(List.of(OptionalLong.of(4088)), 1 << 20));
        // a ring holds at most its size less one byte of records (the kernel's rb->mask)
        assertEquals(new EventRing.EndOwnRing(2 * PAGE), RingRoom.forEnd(List.of(OptionalLong.of(4000), OptionalLong.of(96)), 1 << 20));
        assertEquals(new EventRing.SharedMayBeFull(), RingRoom.forEnd(List.of(OptionalLong.of(4096)), PAGE));
        assertEquals(new EventRing.SharedMayBeFull(), RingRoom.forEnd(List.of(OptionalLong.of(16), OptionalLong.empty()), 1 << 20));
        assertEquals(new EventRing.SharedWithRoom(), RingRoom.forBegin(List.of(OptionalLong.of(4088)), PAGE));
        assertEquals(new EventRing.SharedMayBeFull(), RingRoom.forBegin(List.of(OptionalLong.of(4096)), PAGE));
    }

    @Test
    void aRecordTakesAnEightByteHeaderAndItsDataRoundedUpToEight() {
        assertEquals(16, RingRoom.recordBytes(8));
        assertEquals(24, RingRoom.recordBytes(9));
        assertEquals(80, RingRoom.recordBytes(72));
    }
}

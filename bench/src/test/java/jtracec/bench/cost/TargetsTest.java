package jtracec.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {
    private static RunResult run(long insns, long runTimeNs, double startupMillis) {
        return new RunResult.Measured(List.of(new RunResult.Program(1, "p", insns, insns * 6, insns, runTimeNs, 10)),
                startupMillis, 1024, List.of());
    }

    @Test
    void ratiosPairRunsOfTheSameRepetitionAndSkipFailures() {
        var comparison = new Comparison("s", false,
                List.of(run(50, 1000, 10), new RunResult.Failed("exited"), run(50, 3000, 10)),
                List.of(run(100, 1000, 10), run(100, 1000, 10), run(100, 1000, 10)));
        var perEvent = comparison.ratio(Metric.NANOS_PER_EVENT).orElseThrow();
        assertEquals(2, perEvent.count());
        assertEquals(1.0, perEvent.min());
        assertEquals(3.0, perEvent.max());
        assertEquals(0.5, comparison.ratio(Metric.XLATED_INSNS).orElseThrow().median());
        assertEquals(List.of("jtracec: exited"), comparison.failures());
    }

    @Test
    void aMissSaysByHowMuch() {
        var comparison = new Comparison("big", false, List.of(run(125, 100, 10)), List.of(run(100, 100, 10)));
        var verdict = Targets.check(List.of(comparison)).stream()
                .filter(v -> v.target().equals("big instructions of event programs <= bpftrace")).findFirst().orElseThrow();
        assertFalse(verdict.isMet());
        assertEquals("missed: ratio 1.25, 25% above the target 1.00", verdict.detail());
    }

    @Test
    void corpusGeometricMeanLeavesOneLinersOut() {
        var corpus = new Comparison("tool", false, List.of(run(64, 100, 10)), List.of(run(100, 100, 10)));
        var oneLiner = new Comparison("one", true, List.of(run(400, 100, 10)), List.of(run(100, 100, 10)));
        assertEquals(0.64, Targets.geometricMean(List.of(corpus, oneLiner), Metric.EVENT_INSNS).orElseThrow(), 1e-12);
        var verdicts = Targets.check(List.of(corpus, oneLiner));
        assertTrue(verdicts.stream().anyMatch(v -> v.target().startsWith("corpus geometric mean of instructions of event programs") && v.isMet()));
        assertTrue(verdicts.stream().anyMatch(v -> v.target().equals("one start-up <= bpftrace") && v.isMet()));
        assertFalse(verdicts.stream().anyMatch(v -> v.target().equals("tool start-up <= bpftrace")));
    }

    @Test
    void beginAndEndAreLeftOutOfEventFigures() {
        var run = new RunResult.Measured(List.of(new RunResult.Program(1, "BEGIN", 10, 60, 10, 9000, 1),
                new RunResult.Program(2, "tracepoint_sysc", 30, 150, 26, 3000, 30)), 100, 1024, List.of());
        assertEquals(40, run.xlatedInsns());
        assertEquals(30, run.eventInsns());
        assertEquals(100.0, run.nanosPerEvent());
    }
}

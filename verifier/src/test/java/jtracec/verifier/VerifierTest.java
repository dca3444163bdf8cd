package jtracec.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.obligation.Verdict;
import org.junit.jupiter.api.Test;

class VerifierTest {
    private final Verifier verifier = new Verifier(VerifierOptions.defaults());

    private static VerifierCase program(String maps, String asm) {
        return VerifierCase.parse("case.asm", "-- maps\n" + maps + "\n-- asm\n" + asm + "\n-- expect\naccepted\n");
    }

    private static final String OOB_MAP_READ = """
            ldxdw %r6, [%r1+112]
            and %r6, 127
            stdw [%r10-8], 0
            lddw %r1, map[0]
            mov %r2, %r10
            add %r2, -8
            call 1
            jeq %r0, 0, out
            add %r0, %r6
            ldxb %r0, [%r0+0]
            out:
            mov %r0, 0
            exit
            """;

    @Test
    void aVerifiedObjectExistsOnlyWhenEveryObligationIsProved() {
        var rejected = verifier.verify(program("hash key 8 value 64 name @buf", OOB_MAP_READ).object(), TestTarget.FULL);
        assertTrue(rejected.verified().isEmpty());
        assertEquals(1, rejected.programs().get(0).refuted());

        var accepted = verifier.verify(program("", "mov %r0, 0\nexit").object(), TestTarget.FULL);
        assertTrue(accepted.verified().isPresent());
        assertEquals(accepted, accepted.verified().get().report());
        assertTrue(accepted.programs().get(0).proved() > 0);
    }

    @Test
    void aRefutedObligationIsRenderedAtItsSpanWithTheCounterexample() {
        var c = program("hash key 8 value 64 name @buf", OOB_MAP_READ);
        var report = verifier.verify(c.object(), TestTarget.FULL);
        Diagnostic d = report.diagnostics().get(0);
        assertEquals("E0301", d.code().id());
        assertEquals(11, d.span().line()); // pc 10
        var lines = new StringBuilder();
        for (int i = 1; i <= 13; i++) lines.append("line ").append(i).append('\n');
        String text = new DiagnosticRenderer(List.of(new SourceFile("case.asm", lines.toString()))).render(d);
        assertTrue(text.startsWith("case.asm:11:1: error[E0301]: map @buf value read may be out of bounds\n"), text);
        assertTrue(text.contains("note: when r6 = "), text);
        assertTrue(text.contains("(map @buf value size is 64 bytes)"), text);
    }

    @Test
    void explainShowsTheFactsProvedAtEachInstruction() {
        var report = verifier.verify(program("hash key 8 value 64 name @buf", OOB_MAP_READ).object(), TestTarget.FULL);
        String explain = report.explain();
        assertTrue(explain.contains("   7: call bpf_map_lookup_elem#1"), explain);
        assertTrue(explain.contains("proved HelperArg bpf_map_lookup_elem arg 1 is CONST_MAP_PTR"), explain);
        assertTrue(explain.contains("r0=map_value_or_null#0"), explain);
        assertTrue(explain.contains("REFUTED InBounds r0+0 size 1 in map @buf value"), explain);
    }

    @Test
    void ringBuffersAreRejectedOnAKernelWithoutThem() {
        var c = program("ringbuf entries 4096", """
                stdw [%r10-8], 0
                lddw %r1, map[0]
                mov %r2, %r10
                add %r2, -8
                mov %r3, 8
                mov %r4, 0
                call 130
                mov %r0, 0
                exit
                """);
        var report = verifier.verify(c.object(), new TestTarget(false));
        assertTrue(report.verified().isEmpty());
        assertEquals("E0332", report.diagnostics().get(0).code().id());
        assertTrue(verifier.verify(c.object(), TestTarget.FULL).verified().isPresent());
    }

    @Test
    void anUndecidedObligationNeverCountsAsProved() {
        // r3 * r4 == a 64-bit semiprime with both factors > 1: factoring by bit-blasting does not finish in 1 ms
        var c = program("", """
                ldxdw %r3, [%r1+0]
                ldxdw %r4, [%r1+8]
                mov %r5, %r3
                mul %r5, %r4
                lddw %r6, 0x7fffffff00000001
                jne %r5, %r6, out
                jle %r3, 1, out
                jle %r4, 1, out
                jgt %r3, 0xffffffff, out
                jgt %r4, 0xffffffff, out
                stdw [%r10-8], 0
                ldxdw %r0, [%r10-8]
                mov %r2, %r10
                add %r2, -16
                ldxdw %r0, [%r2+0]
                out:
                mov %r0, 0
                exit
                """);
        var report = new Verifier(VerifierOptions.defaults().withQueryTimeout(Duration.ofMillis(1))).verify(c.object(), TestTarget.FULL);
        var p = report.programs().get(0);
        assertTrue(report.verified().isEmpty(), report.explain());
        assertTrue(p.undecided() > 0, report.explain());
        assertFalse(p.isProved());
    }

    @Test
    void aTypicalProgramOfTwoHundredInstructionsVerifiesInUnderASecondWarm() {
        var asm = new StringBuilder("mov %r9, %r1\n");
        for (int block = 0; block < 9; block++) {
            asm.append("""
                    ldxdw %r6, [%r9+112]
                    stdw [%r10-8], 0
                    lddw %r1, map[0]
                    mov %r2, %r10
                    add %r2, -8
                    call 1
                    jeq %r0, 0, miss{n}
                    jgt %r6, 56, miss{n}
                    mov %r7, %r0
                    add %r7, %r6
                    ldxdw %r1, [%r7+0]
                    add %r1, 1
                    stxdw [%r7+0], %r1
                    ja next{n}
                    miss{n}:
                    stdw [%r10-16], 1
                    lddw %r1, map[1]
                    mov %r2, %r10
                    add %r2, -8
                    mov %r3, %r10
                    add %r3, -72
                    stdw [%r10-72], 0
                    mov %r4, 0
                    call 2
                    next{n}:
                    """.replace("{n}", Integer.toString(block)));
        }
        asm.append("mov %r0, 0\nexit\n");
        var c = program("hash key 8 value 64 name @buf\nhash key 8 value 8 name @count", asm.toString());
        int length = c.object().programs().get(0).insns().size();
        assertTrue(length >= 200, "only " + length + " instructions");
        var warm = new Verifier(VerifierOptions.defaults());
        for (int i = 0; i < 3; i++) warm.verify(c.object(), TestTarget.FULL);
        // the best of five, so a loaded build machine does not make the test flaky
        long millis = Long.MAX_VALUE;
        VerificationReport report = null;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            report = warm.verify(c.object(), TestTarget.FULL);
            millis = Math.min(millis, (System.nanoTime() - start) / 1_000_000);
        }
        assertTrue(report.verified().isPresent(), VerifierCasesTest.render(report));
        System.out.printf("%d instructions: %d ms warm, %d solver queries, %d obligations%n", length, millis,
                report.programs().get(0).solverQueries(), report.programs().get(0).verdicts().size());
        assertTrue(millis < 1000, millis + " ms");
        assertTrue(report.programs().get(0).verdicts().stream().allMatch(v -> v instanceof Verdict.Proved));
    }

    @Test
    void joinsOfManyDiamondsStayCheap() {
        // 40 if/else on context fields, each adding 0 or 1 to r6; then fp-48 + r6 needs r6 <= 40
        var asm = new StringBuilder("mov %r9, %r1\nmov %r6, 0\n");
        for (int d = 0; d < 40; d++) {
            asm.append("""
                    ldxb %r2, [%r9+{off}]
                    jeq %r2, 0, skip{n}
                    add %r6, 1
                    skip{n}:
                    """.replace("{n}", Integer.toString(d)).replace("{off}", Integer.toString(d)));
        }
        asm.append("""
                stdw [%r10-48], 0
                mov %r3, %r10
                add %r3, %r6
                ldxb %r0, [%r3-48]
                exit
                """);
        var c = program("", asm.toString());
        var warm = new Verifier(VerifierOptions.defaults());
        warm.verify(c.object(), TestTarget.FULL);
        long start = System.nanoTime();
        var report = warm.verify(c.object(), TestTarget.FULL);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // r6 reaches 40, past the 8 initialised bytes at fp-48: refuted, with a counterexample
        assertEquals(List.of("E0303"), report.diagnostics().stream().map(d -> d.code().id()).toList(), VerifierCasesTest.render(report));
        System.out.printf("40 diamonds: %d ms warm%n", millis);
        assertTrue(millis < 2000, millis + " ms");
    }
}

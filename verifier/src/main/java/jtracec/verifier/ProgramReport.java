package jtracec.verifier;

import java.util.List;
import jtracec.spec.diag.Diagnostic;
import jtracec.verifier.obligation.Verdict;
import jtracec.verifier.report.PointFacts;

/**
 * The verifier's findings for one program: every verdict, the diagnostics for those not proved
 * and for structural faults, and per instruction what was known and proved (for {@code --explain}).
 * The program is proved when it is well formed and every verdict is {@link Verdict.Proved}.
 * {@code processedInstructions} counts instruction visits (an unrolled loop body once per
 * iteration), the analogue of the kernel's processed-instruction count.
 */
public record ProgramReport(String name, String probe, List<Verdict> verdicts, List<Diagnostic> diagnostics,
                            List<PointFacts> points, boolean isWellFormed, int processedInstructions, long elapsedNanos,
                            int solverQueries) {
    public ProgramReport {
        verdicts = List.copyOf(verdicts);
        diagnostics = List.copyOf(diagnostics);
        points = List.copyOf(points);
    }

    public long proved() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Proved).count();
    }

    public long refuted() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Refuted).count();
    }

    public long undecided() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Undecided).count();
    }

    /** Well formed, no error reported, and every verdict {@link Verdict.Proved}. */
    public boolean isProved() {
        return isWellFormed && diagnostics.stream().noneMatch(Diagnostic::isError)
                && verdicts.stream().allMatch(v -> v instanceof Verdict.Proved);
    }
}

package jtracec.verifier;

import java.util.List;
import jtracec.spec.diag.Diagnostic;
import jtracec.verifier.obligation.Verdict;
import jtracec.verifier.report.PointFacts;

/**
 * The verifier's findings for one program: every verdict, the diagnostics for those not proved
 * and for structural faults, and per instruction what was known and proved (for {@code --explain}).
 * The program is proved when it is well formed and every verdict is {@link Verdict.Proved}, or
 * refutes an advisory obligation (a warning, not a fault).
 * {@code processedInstructions} counts instruction visits (an unrolled loop body once per
 * iteration), the analogue of the kernel's processed-instruction count.
 */
public record ProgramReport(String name, String probe, List<Verdict> verdicts, List<Finding> findings,
                            List<PointFacts> points, boolean isWellFormed, int processedInstructions, long elapsedNanos,
                            int solverQueries) {
    public ProgramReport {
        verdicts = List.copyOf(verdicts);
        findings = List.copyOf(findings);
        points = List.copyOf(points);
    }

    public List<Diagnostic> diagnostics() {
        return findings.stream().map(Finding::diagnostic).toList();
    }

    public long proved() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Proved).count();
    }

    /** Refuted obligations that make the program unsafe; refuted advisory ones are {@link #warned()}. */
    public long refuted() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Refuted && !v.obligation().isAdvisory()).count();
    }

    /** Refuted advisory obligations: defined but suspicious behaviour, reported as warnings. */
    public long warned() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Refuted && v.obligation().isAdvisory()).count();
    }

    public long undecided() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Undecided).count();
    }

    /** Well formed, no error reported, and every verdict {@link Verdict.Proved} or about an advisory obligation. */
    public boolean isProved() {
        return isWellFormed && diagnostics().stream().noneMatch(Diagnostic::isError)
                && verdicts.stream().allMatch(v -> v instanceof Verdict.Proved || v.obligation().isAdvisory());
    }
}

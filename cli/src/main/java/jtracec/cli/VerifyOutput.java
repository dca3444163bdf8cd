package jtracec.cli;

import java.io.PrintStream;
import java.util.List;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.ProgramReport;
import jtracec.verifier.VerificationReport;

/**
 * What {@code jtracec --verify} prints: refutations and warnings as diagnostics on standard error,
 * and a one-line summary with the obligation counts on standard output. Exit 0 only when every
 * obligation of every program is proven.
 */
final class VerifyOutput {
    private final String format;
    private final boolean isExplain;
    private final PrintStream out;
    private final DiagnosticReporter reporter;

    VerifyOutput(Invocation invocation, PrintStream out, DiagnosticReporter reporter) {
        this.format = invocation.format();
        this.isExplain = invocation.isExplain();
        this.out = out;
        this.reporter = reporter;
    }

    int print(SourceFile source, BpfObject object, VerificationReport report, List<Diagnostic> warnings) {
        if (!format.equals("text")) {
            reporter.failure("--verify --format " + format + " is not supported yet", "use --format text");
            return ExitCode.FAILED;
        }
        reporter.report(report.diagnostics());
        reporter.report(warnings);
        if (isExplain) out.print(report.explain());
        long proved = report.programs().stream().mapToLong(ProgramReport::proved).sum();
        long refuted = report.programs().stream().mapToLong(ProgramReport::refuted).sum();
        long undecided = report.programs().stream().mapToLong(ProgramReport::undecided).sum();
        long malformed = report.programs().stream().filter(p -> !p.isWellFormed()).count();
        double seconds = report.programs().stream().mapToLong(ProgramReport::elapsedNanos).sum() / 1e9;
        var summary = new StringBuilder("%s: %s, %d obligations proven".formatted(source.name(),
                plural(object.programs().size(), "program"), proved));
        if (refuted > 0) summary.append(", ").append(refuted).append(" refuted");
        if (undecided > 0) summary.append(", ").append(undecided).append(" undecided");
        if (malformed > 0) summary.append(", ").append(plural((int) malformed, "malformed program"));
        summary.append(" (%.2f s)".formatted(seconds));
        out.println(summary);
        return report.isProved() ? ExitCode.OK : ExitCode.FAILED;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}

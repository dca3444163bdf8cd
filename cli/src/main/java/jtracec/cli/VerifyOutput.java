package jtracec.cli;

import java.io.PrintStream;
import java.util.List;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.json.JsonValue;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.ProgramReport;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.report.JsonReport;
import jtracec.verifier.report.SarifReport;

/**
 * What {@code jtracec --verify} prints: with {@code -f text}, refutations and warnings as
 * diagnostics on standard error and a one-line summary with the obligation counts on standard
 * output; with {@code -f json} or {@code -f sarif}, the verifier's report as one JSON document on
 * standard output (attach warnings, which are not the verifier's, stay text on standard error).
 * Exit 0 only when every obligation of every program is proven.
 */
final class VerifyOutput {
    private static final SarifReport.Tool TOOL = new SarifReport.Tool("jtracec", Version.NUMBER, Version.documentation());

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
        int exit = report.isProved() ? ExitCode.OK : ExitCode.FAILED;
        switch (format) {
            case "json" -> {
                reporter.report(warnings);
                out.println(render(report.json(source.name())));
                return exit;
            }
            case "sarif" -> {
                reporter.report(warnings);
                out.println(render(report.sarif(source.name(), TOOL, exit)));
                return exit;
            }
            default -> {}
        }
        reporter.report(report.diagnostics());
        reporter.report(warnings);
        if (isExplain) out.print(report.explain());
        long proved = report.programs().stream().mapToLong(ProgramReport::proved).sum();
        long refuted = report.programs().stream().mapToLong(ProgramReport::refuted).sum();
        long undecided = report.programs().stream().mapToLong(ProgramReport::undecided).sum();
        long warned = report.programs().stream().mapToLong(ProgramReport::warned).sum();
        long malformed = report.programs().stream().filter(p -> !p.isWellFormed()).count();
        double seconds = report.programs().stream().mapToLong(ProgramReport::elapsedNanos).sum() / 1e9;
        var summary = new StringBuilder("%s: %s, %d obligations proven".formatted(source.name(),
                plural(object.programs().size(), "program"), proved));
        if (refuted > 0) summary.append(", ").append(refuted).append(" refuted");
        if (undecided > 0) summary.append(", ").append(undecided).append(" undecided");
        if (warned > 0) summary.append(", ").append(warned).append(" with a warning");
        if (malformed > 0) summary.append(", ").append(plural((int) malformed, "malformed program"));
        summary.append(" (%.2f s)".formatted(seconds));
        out.println(summary);
        return exit;
    }

    /**
     * The script did not compile: the text diagnostics are already on standard error; with
     * {@code -f json} or {@code -f sarif} standard output still gets a valid report, holding the
     * compiler's diagnostics, so a tool reading it is never left with nothing. Exits non-zero.
     */
    int compileFailed(SourceFile source, List<Diagnostic> diagnostics) {
        switch (format) {
            case "json" -> out.println(render(new JsonReport().writeCompileFailure(source.name(), diagnostics)));
            case "sarif" -> out.println(render(new SarifReport(TOOL).writeCompileFailure(source.name(), diagnostics, ExitCode.FAILED)));
            default -> {}
        }
        return ExitCode.FAILED;
    }

    private static String render(JsonValue value) {
        var text = new StringBuilder();
        value.write(text);
        return text.toString();
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}

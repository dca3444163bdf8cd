package jtracec.cli;

import java.io.PrintStream;
import java.util.List;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Severity;
import jtracec.spec.source.SourceFile;

/** Prints diagnostics clang-style on standard error; {@code --no-warnings} drops warnings. */
final class DiagnosticReporter {
    private final DiagnosticRenderer renderer;
    private final PrintStream err;
    private final boolean isNoWarnings;

    DiagnosticReporter(SourceFile source, PrintStream err, boolean isNoWarnings) {
        this(List.of(source), err, isNoWarnings);
    }

    /** For programs whose spans point into several files (the C sources of an eBPF object). */
    DiagnosticReporter(List<SourceFile> sources, PrintStream err, boolean isNoWarnings) {
        this.renderer = new DiagnosticRenderer(sources);
        this.err = err;
        this.isNoWarnings = isNoWarnings;
    }

    /** Where diagnostics go: standard error, also for errors of the run itself (a file cat() cannot open). */
    PrintStream err() {
        return err;
    }

    void report(List<Diagnostic> diagnostics) {
        for (Diagnostic diagnostic : diagnostics) {
            if (isNoWarnings && diagnostic.severity() == Severity.WARNING) continue;
            err.print(renderer.render(diagnostic));
        }
    }

    /** An environment failure: one error line and what to do about it. */
    void failure(String message, String help) {
        err.println("jtracec: error: " + message);
        if (!help.isEmpty()) err.println("help: " + help);
    }
}

package jtracec.loader;

import java.io.PrintStream;
import jtracec.loader.print.OutputFormat;

/**
 * Where and how a session prints: the stream (stdout or -o FILE), bpftrace's format (-f), and
 * whether informational messages such as "Attaching N probes..." are shown (-q hides them), and
 * where errors of user-space actions go.
 */
public record SessionOutput(PrintStream out, OutputFormat format, Verbosity verbosity, PrintStream errors) {
    public enum Verbosity { QUIET, NORMAL }

    /** Errors of user-space actions (a file cat() cannot open) go to the JVM's standard error. */
    public SessionOutput(PrintStream out, OutputFormat format, Verbosity verbosity) {
        this(out, format, verbosity, System.err);
    }

    public static SessionOutput text(PrintStream out) {
        return new SessionOutput(out, OutputFormat.TEXT, Verbosity.NORMAL);
    }

    public boolean isQuiet() {
        return verbosity == Verbosity.QUIET;
    }
}

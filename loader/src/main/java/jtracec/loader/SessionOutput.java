package jtracec.loader;

import java.io.PrintStream;
import jtracec.loader.print.OutputFormat;

/**
 * Where and how a session prints: the stream (stdout or -o FILE), bpftrace's format (-f), and
 * whether informational messages such as "Attaching N probes..." are shown (-q hides them).
 */
public record SessionOutput(PrintStream out, OutputFormat format, Verbosity verbosity) {
    public enum Verbosity { QUIET, NORMAL }

    public static SessionOutput text(PrintStream out) {
        return new SessionOutput(out, OutputFormat.TEXT, Verbosity.NORMAL);
    }

    public boolean isQuiet() {
        return verbosity == Verbosity.QUIET;
    }
}

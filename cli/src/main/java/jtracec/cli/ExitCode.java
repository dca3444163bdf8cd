package jtracec.cli;

/** Process exit codes, as bpftrace uses them: 0 success, 1 any failure of the script or the run. */
final class ExitCode {
    private ExitCode() {}

    static final int OK = 0;
    static final int FAILED = 1;
    /** Bad command line (unknown option, missing program). */
    static final int USAGE = 2;
    /** A bug in jtracec itself, never the user's fault. */
    static final int INTERNAL = 70;
}

package jtracec.loader;

/**
 * The kernel's verifier refused a program that jtracec's verifier proved safe. That is a jtracec
 * bug (a false accept) or a kernel limit the model does not know; the kernel's log says which.
 */
public final class ProgramRejectedException extends LoaderException {
    private final String probe;
    private final int errno;
    private final String verifierLog;

    public ProgramRejectedException(String probe, int errno, String errnoText, String verifierLog) {
        super("the kernel refused the program for %s: %s".formatted(probe, errnoText), null);
        this.probe = probe;
        this.errno = errno;
        this.verifierLog = verifierLog;
    }

    public String probe() {
        return probe;
    }

    public int errno() {
        return errno;
    }

    /** The kernel verifier's log (BPF_LOG_LEVEL1), possibly only its tail; may be empty. */
    public String verifierLog() {
        return verifierLog;
    }

    /** The last non-blank line of the log: the kernel's own reason. */
    public String lastLogLine() {
        var lines = verifierLog.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    @Override
    public String help() {
        return "jtracec proved this program safe but the kernel disagrees (kernel says: %s); please report it with the output of -d asm"
                .formatted(lastLogLine().isEmpty() ? "no log" : lastLogLine());
    }
}

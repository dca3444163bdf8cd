package jtracec.loader;

/**
 * A script asks for more than a limit the user can raise: more attach points than
 * BPFTRACE_MAX_PROBES or more programs than BPFTRACE_MAX_BPF_PROGS, as bpftrace 0.17 refuses them.
 */
public final class LimitExceededException extends LoaderException {
    private final String help;

    public LimitExceededException(String message, String help) {
        super(message, null);
        this.help = help;
    }

    @Override
    public String help() {
        return help;
    }
}

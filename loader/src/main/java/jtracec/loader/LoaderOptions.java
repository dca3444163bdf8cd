package jtracec.loader;

/**
 * How to load and run a traced object, as bpftrace 0.17's environment variables set it:
 * at most {@code maxProbes} attach sites (BPFTRACE_MAX_PROBES) and {@code maxPrograms} programs
 * (BPFTRACE_MAX_BPF_PROGS), {@code verifierLogBytes} of kernel verifier log when the kernel refuses
 * a program (BPFTRACE_LOG_SIZE), user frames demangled (not BPFTRACE_NO_CPP_DEMANGLE) and resolved
 * at all (not BPFTRACE_NO_USER_SYMBOLS), and at most {@code catBytesMax} bytes of a file printed by
 * cat() (BPFTRACE_CAT_BYTES_MAX).
 */
public record LoaderOptions(long maxProbes, long maxPrograms, int verifierLogBytes, boolean isDemangling,
                            boolean isResolvingUserSymbols, long catBytesMax) {
    public LoaderOptions {
        if (maxProbes < 0 || maxPrograms < 0 || catBytesMax < 0) throw new IllegalArgumentException("limits are unsigned");
        if (verifierLogBytes < 128) throw new IllegalArgumentException("the verifier log needs at least 128 bytes");
    }

    /** bpftrace 0.17's defaults, except the log: 4 MiB rather than 1 MB, enough for a whole LOG_LEVEL1 log of our programs. */
    public static LoaderOptions defaults() {
        return new LoaderOptions(512, 512, 4 << 20, true, true, UserSpaceActions.CAT_BYTES_MAX);
    }
}

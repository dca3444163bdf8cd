package jtracec.compiler.sema;

import java.util.List;
import java.util.Optional;

/**
 * What the command line and environment add to a script: its positional parameters ({@code $1} is
 * the first), whether {@code --unsafe} allows system(), signal() and override(), the pid of the
 * {@code -c} command, started before compilation as bpftrace 0.17 starts it, which {@code cpid} is,
 * and the size in bytes of what str(), buf() and path() return (bpftrace's BPFTRACE_STRLEN, 64 by default).
 */
public record SemaOptions(List<String> positionalParams, boolean isUnsafeAllowed, Optional<Long> childPid, int stringSize) {
    /** bpftrace 0.17's default BPFTRACE_STRLEN. */
    public static final int DEFAULT_STRING_SIZE = 64;

    public SemaOptions {
        positionalParams = List.copyOf(positionalParams);
        if (stringSize <= 0) throw new IllegalArgumentException("string size must be positive");
    }

    /** With the default string size. */
    public SemaOptions(List<String> positionalParams, boolean isUnsafeAllowed, Optional<Long> childPid) {
        this(positionalParams, isUnsafeAllowed, childPid, DEFAULT_STRING_SIZE);
    }

    /** Without a {@code -c} command. */
    public SemaOptions(List<String> positionalParams, boolean isUnsafeAllowed) {
        this(positionalParams, isUnsafeAllowed, Optional.empty());
    }

    public static SemaOptions defaults() {
        return new SemaOptions(List.of(), false);
    }
}

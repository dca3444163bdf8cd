package jtracec.compiler.sema;

import java.util.List;
import java.util.Optional;

/**
 * What the command line adds to a script: its positional parameters ({@code $1} is the first),
 * whether {@code --unsafe} allows system(), signal() and override(), and the pid of the {@code -c}
 * command, started before compilation as bpftrace 0.17 starts it, which {@code cpid} is.
 */
public record SemaOptions(List<String> positionalParams, boolean isUnsafeAllowed, Optional<Long> childPid) {
    public SemaOptions {
        positionalParams = List.copyOf(positionalParams);
    }

    /** Without a {@code -c} command. */
    public SemaOptions(List<String> positionalParams, boolean isUnsafeAllowed) {
        this(positionalParams, isUnsafeAllowed, Optional.empty());
    }

    public static SemaOptions defaults() {
        return new SemaOptions(List.of(), false);
    }
}

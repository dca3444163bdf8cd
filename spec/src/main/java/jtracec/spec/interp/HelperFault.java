package jtracec.spec.interp;

/**
 * Raised by a helper model or a memory access inside one to fault the running program. The
 * interpreter catches it at the call and returns {@link Outcome.Faulted}; it never leaves
 * {@link Interpreter#run}. Stackless, since it is control flow rather than a bug.
 */
public final class HelperFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HelperFault(String reason) {
        super(reason, null, false, false);
    }
}

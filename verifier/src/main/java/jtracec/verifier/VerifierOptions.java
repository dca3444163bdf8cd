package jtracec.verifier;

import java.time.Duration;

/**
 * How hard the verifier tries: the solver budget per query, and how many back edges one path may
 * take before its loops count as unbounded (loops are proved bounded by unrolling them).
 */
public record VerifierOptions(Duration queryTimeout, int maxLoopIterations) {
    public VerifierOptions {
        if (queryTimeout.isNegative() || queryTimeout.isZero()) throw new IllegalArgumentException("query timeout must be positive");
        if (maxLoopIterations < 0) throw new IllegalArgumentException("loop iterations must not be negative");
    }

    public static VerifierOptions defaults() {
        return new VerifierOptions(Duration.ofSeconds(5), 128);
    }

    public VerifierOptions withQueryTimeout(Duration timeout) {
        return new VerifierOptions(timeout, maxLoopIterations);
    }

    public VerifierOptions withMaxLoopIterations(int iterations) {
        return new VerifierOptions(queryTimeout, iterations);
    }
}

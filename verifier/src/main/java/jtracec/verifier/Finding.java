package jtracec.verifier;

import java.util.Optional;
import jtracec.spec.diag.Diagnostic;
import jtracec.verifier.obligation.Verdict;

/**
 * One diagnostic of a program with what machine-readable reports need beside its text: the
 * instruction it is about (absent for whole-program faults such as the processed-instruction
 * limit) and, for a failed obligation, the verdict with its counterexample.
 */
public record Finding(Diagnostic diagnostic, Optional<At> at, Optional<Verdict> verdict) {
    /** An instruction by index and its text as {@code bpftool} prints it. */
    public record At(int pc, String instruction) {}

    static Finding structural(Diagnostic diagnostic, At at) {
        return new Finding(diagnostic, Optional.of(at), Optional.empty());
    }

    static Finding wholeProgram(Diagnostic diagnostic) {
        return new Finding(diagnostic, Optional.empty(), Optional.empty());
    }

    static Finding of(Diagnostic diagnostic, At at, Verdict verdict) {
        return new Finding(diagnostic, Optional.of(at), Optional.of(verdict));
    }
}

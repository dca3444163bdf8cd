package jtracec.verifier;

import java.util.Optional;
import java.util.OptionalInt;
import jtracec.spec.diag.Diagnostic;
import jtracec.verifier.obligation.Verdict;

/**
 * One diagnostic of a program with what machine-readable reports need beside its text: the
 * instruction it is about (absent for whole-program faults such as the processed-instruction
 * limit) and, for a failed obligation, the verdict with its counterexample.
 */
public record Finding(Diagnostic diagnostic, OptionalInt pc, Optional<Verdict> verdict) {
    static Finding structural(Diagnostic diagnostic, int pc) {
        return new Finding(diagnostic, OptionalInt.of(pc), Optional.empty());
    }

    static Finding wholeProgram(Diagnostic diagnostic) {
        return new Finding(diagnostic, OptionalInt.empty(), Optional.empty());
    }

    static Finding of(Diagnostic diagnostic, Verdict verdict) {
        return new Finding(diagnostic, OptionalInt.of(verdict.obligation().pc()), Optional.of(verdict));
    }
}

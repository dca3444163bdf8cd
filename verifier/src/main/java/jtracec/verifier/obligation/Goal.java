package jtracec.verifier.obligation;

import java.util.List;
import jtracec.verifier.state.Formula;
import jtracec.verifier.state.Term;

/**
 * An obligation with its meaning at one program point: the formula that holds exactly when it is
 * violated, and the terms whose model values explain a violation. Checking it means asking
 * whether the path condition and {@code violation} are satisfiable together.
 */
public record Goal(Obligation obligation, Formula violation, List<Witness> witnesses, String context, String message) {
    public Goal {
        witnesses = List.copyOf(witnesses);
    }

    /** A named term whose value a counterexample shows. */
    public record Witness(String name, Term term) {}
}

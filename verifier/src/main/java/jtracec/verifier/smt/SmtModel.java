package jtracec.verifier.smt;

import jtracec.verifier.state.Term;

/** A satisfying assignment, queried in the verifier's own terms. */
public interface SmtModel {
    /** The value of {@code term} in this model (unconstrained variables read as 0). */
    long valueOf(Term term);
}

package jtracec.verifier.smt;

/** What the solver said about "path condition and violation": a model, impossible, or no answer in budget. */
public sealed interface SmtResult {
    /** Satisfiable: {@code model} gives the values of a violating run. */
    record Sat(SmtModel model) implements SmtResult {}

    record Unsat() implements SmtResult {}

    record GaveUp(String reason) implements SmtResult {}
}

package jtracec.verifier.obligation;

/** The outcome of checking one obligation. {@link Undecided} never counts as proved. */
public sealed interface Verdict {
    Obligation obligation();

    record Proved(Obligation obligation) implements Verdict {}

    record Refuted(Obligation obligation, Counterexample counterexample) implements Verdict {}

    record Undecided(Obligation obligation, String reason) implements Verdict {}
}

package jtracec.verifier.state;

/** Where a program input came from, so a counterexample can be replayed: the context bytes it read, or a helper's result. */
public sealed interface Origin {
    /** {@code size} bytes of the context at {@code offset}, as an unsigned number. */
    record ContextBytes(int offset, int size) implements Origin {}

    /** What the helper called at {@code pc} returned (for lookups and reservations: 0 means null). */
    record HelperResult(int pc, String helper) implements Origin {}
}

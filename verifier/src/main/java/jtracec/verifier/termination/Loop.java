package jtracec.verifier.termination;

/** A natural loop: the back edge from {@code latch} to {@code header}, with the instructions on it. */
public record Loop(int header, int latch, java.util.Set<Integer> body) {
    public Loop {
        body = java.util.Set.copyOf(body);
    }
}

package jtracec.spec.interp;

/** How a run ended. Every run ends in exactly one of these; nothing a program does throws. */
public sealed interface Outcome {
    /** The outermost frame executed {@code exit}; r0 is the program's return value. */
    record Returned(long r0) implements Outcome {}

    /** The instruction at pc could not execute: an access outside every region, a bad helper call, too deep a call. */
    record Faulted(int pc, String reason) implements Outcome {}

    /** The step budget ran out before pc executed; the model's stand-in for a program that does not terminate. */
    record StepLimit(int pc, long steps) implements Outcome {}
}

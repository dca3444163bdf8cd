package jtracec.compiler.codegen;

/** Where an SSA value lives during its lifetime. */
sealed interface Home {
    /** A register: one of the callee-saved r6..r9, which survive helper calls, or r0..r5 for a value that lives between two ({@link CallerSavedHomes}). */
    record Register(int reg) implements Home {}

    /** An 8-byte stack slot at {@code fp + offset}. */
    record Spill(int offset) implements Home {}

    /** A pointer to the frame, {@code fp + offset}, recomputed at each use. */
    record Frame(int offset) implements Home {}

    /** A constant, materialised at each use (as an immediate where the instruction has one). */
    record Constant(long bits) implements Home {}

    /** Never read: its definition computes into a scratch register and drops the result. */
    record Unused() implements Home {}
}

package jtracec.spec.isa;

/** Register numbers and their roles in the calling convention (RFC 9669 §2.2, kernel ABI). */
public final class Reg {
    private Reg() {}

    public static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5, R6 = 6, R7 = 7, R8 = 8, R9 = 9;
    /** Read-only frame pointer. */
    public static final int FP = 10;
    public static final int COUNT = 11;
    /** r1-r5 carry arguments and are clobbered by calls; r6-r9 survive them. */
    public static final int FIRST_ARG = 1, LAST_ARG = 5, FIRST_CALLEE_SAVED = 6, LAST_CALLEE_SAVED = 9;
}

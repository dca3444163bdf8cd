package jtracec.cli.differential;

/** How jtracec's verdict on one program compares with the kernel's. */
enum Agreement {
    BOTH_ACCEPT, BOTH_REJECT,
    /** jtracec proved it and the kernel refused it: a false accept, a soundness bug to fix. */
    UNSOUND,
    /** jtracec refused what the kernel loads: imprecision, acceptable but to be kept small. */
    IMPRECISE;

    static Agreement of(boolean isAcceptedByJtracec, boolean isAcceptedByKernel) {
        if (isAcceptedByJtracec) return isAcceptedByKernel ? BOTH_ACCEPT : UNSOUND;
        return isAcceptedByKernel ? IMPRECISE : BOTH_REJECT;
    }
}

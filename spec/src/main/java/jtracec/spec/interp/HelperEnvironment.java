package jtracec.spec.interp;

/**
 * What a program can reach beyond its registers and stack: helper functions and the objects
 * that lddw pseudo sources name. {@link Machine} is the full model; the conformance plugin uses it too.
 */
public interface HelperEnvironment {
    /** Runs helper {@code id} with r1-r5 and returns r0; throws {@link HelperFault} to fault the program. */
    long callHelper(int id, long r1, long r2, long r3, long r4, long r5, Memory memory);

    /** The 64-bit value of {@code lddw} with pseudo source {@code source} (RFC 9669 §5.4). */
    long loadPseudo(int source, int imm, int nextImm, Memory memory);
}

package jtracec.verifier;

import jtracec.spec.diag.Code;

/**
 * Diagnostic codes of the verifier: E030x for obligations that fail (E0309 is a warning), E032x–E033x
 * for programs that cannot be analysed.
 */
public enum VerifyCode implements Code {
    OUT_OF_BOUNDS("E0301", "memory access may be out of bounds",
            "keep every read and write inside its stack slot, map value, context field or reservation, e.g. bound an index with if ($i < N)"),
    MAYBE_NULL("E0302", "pointer may be null",
            "check the result of a map lookup or ring-buffer reservation against 0 before using it"),
    UNINITIALISED("E0303", "read of an uninitialised register or stack bytes",
            "write every register and stack byte on every path before reading it"),
    HELPER_ARGUMENT("E0304", "helper argument does not fit the helper's prototype",
            "pass each BPF helper the kind of argument the kernel's prototype asks for"),
    INVALID_POINTER_USE("E0305", "pointer used in a way the kernel forbids",
            "only add or subtract numbers on pointers, and use each pointer as the same kind on every path"),
    POINTER_LEAK("E0306", "pointer may leak to user-visible memory",
            "store numbers, not kernel addresses, into maps and output records"),
    RESERVATION_NOT_RELEASED("E0307", "ring-buffer reservation may not be released",
            "submit or discard every reservation on every path before the program exits"),
    UNBOUNDED_LOOP("E0308", "loop may not terminate",
            "bound the loop with a constant trip count"),
    DIVISOR_MAY_BE_ZERO("E0309", "divisor may be zero (the result is 0, or the dividend for modulo)",
            "guard the division, e.g. $y != 0 ? $x / $y : 0, if 0 is not the result you want"),
    EMPTY_PROGRAM("E0320", "program has no instructions", "give the program at least an exit"),
    UNKNOWN_OPCODE("E0321", "unknown opcode or reserved fields set", "emit only RFC 9669 instructions"),
    INVALID_REGISTER("E0322", "register number above r10", "use registers r0 to r10"),
    WRITE_TO_FRAME_POINTER("E0323", "write to the read-only frame pointer r10", "copy r10 into another register and change that"),
    JUMP_OUT_OF_RANGE("E0324", "jump target outside the program", "jump only to instructions of the same program"),
    JUMP_INTO_WIDE_LOAD("E0325", "jump into the second half of a 64-bit immediate load", "jump to the first slot of lddw"),
    FALL_THROUGH_END("E0326", "execution may fall off the end of the program", "end every path with exit or a jump"),
    UNREACHABLE("E0327", "unreachable instruction", "remove instructions no path reaches; the kernel rejects them"),
    UNKNOWN_HELPER("E0328", "unknown BPF helper", "call only helpers the kernel defines"),
    HELPER_NOT_ALLOWED("E0329", "helper not allowed for this program type", "use a helper the program type may call"),
    UNKNOWN_MAP("E0330", "reference to a map the object does not define", "load only maps of the object"),
    UNSUPPORTED("E0331", "instruction the verifier does not support yet", "avoid BPF-to-BPF calls, kfuncs and global data for now"),
    FEATURE_MISSING("E0332", "the target kernel lacks a feature the program needs", "run on a kernel that has it"),
    PROGRAM_TOO_LARGE("E0333", "program has more than 1M instructions", "split the program"),
    TOO_COMPLEX("E0334", "program needs more than 1M instructions processed to verify", "reduce loop trip counts or split the probe"),
    CONSTANT_DIVISION_BY_ZERO("E0335", "division by the constant 0", "divide by a non-zero constant"),
    INVALID_SHIFT("E0336", "constant shift amount out of range", "shift by less than the operand's width"),
    INVALID_MAP("E0337", "map the kernel would refuse to create", "give each map the key and value sizes its type requires"),
    NOT_DIRECTLY_ADDRESSABLE("E0338", "map value the kernel does not let a program address directly",
            "address directly (lddw BPF_PSEUDO_MAP_VALUE) only inside the value of a one-element array; look other values up");

    private final String id;
    private final String summary;
    private final String help;

    VerifyCode(String id, String summary, String help) {
        this.id = id;
        this.summary = summary;
        this.help = help;
    }

    /** What the code means in one line, as reports describe their rules. */
    public String summary() {
        return summary;
    }

    /** What to write instead, in general; a diagnostic's own help is more specific. */
    public String help() {
        return help;
    }

    @Override
    public String id() {
        return id;
    }
}

package jtracec.verifier;

import jtracec.spec.diag.Code;

/** Diagnostic codes of the verifier: E030x for obligations that fail, E032x–E033x for programs that cannot be analysed. */
public enum VerifyCode implements Code {
    OUT_OF_BOUNDS("E0301"),
    MAYBE_NULL("E0302"),
    UNINITIALISED("E0303"),
    HELPER_ARGUMENT("E0304"),
    INVALID_POINTER_USE("E0305"),
    POINTER_LEAK("E0306"),
    RESERVATION_NOT_RELEASED("E0307"),
    UNBOUNDED_LOOP("E0308"),
    EMPTY_PROGRAM("E0320"),
    UNKNOWN_OPCODE("E0321"),
    INVALID_REGISTER("E0322"),
    WRITE_TO_FRAME_POINTER("E0323"),
    JUMP_OUT_OF_RANGE("E0324"),
    JUMP_INTO_WIDE_LOAD("E0325"),
    FALL_THROUGH_END("E0326"),
    UNREACHABLE("E0327"),
    UNKNOWN_HELPER("E0328"),
    HELPER_NOT_ALLOWED("E0329"),
    UNKNOWN_MAP("E0330"),
    UNSUPPORTED("E0331"),
    FEATURE_MISSING("E0332"),
    PROGRAM_TOO_LARGE("E0333"),
    TOO_COMPLEX("E0334"),
    CONSTANT_DIVISION_BY_ZERO("E0335"),
    INVALID_SHIFT("E0336"),
    INVALID_MAP("E0337");

    private final String id;

    VerifyCode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}

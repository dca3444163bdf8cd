package jtracec.verifier.cfg;

/** A structural reason the program cannot be analysed at all, found before any state is computed. */
public record Malformation(int pc, Fault fault, String message) {

    /** After the checks of {@code check_cfg()} and {@code do_check()}'s opcode decoding in kernel/bpf/verifier.c. */
    public enum Fault {
        EMPTY_PROGRAM,
        UNKNOWN_OPCODE,
        INVALID_REGISTER,
        WRITE_TO_FRAME_POINTER,
        JUMP_OUT_OF_RANGE,
        JUMP_INTO_WIDE_LOAD,
        FALL_THROUGH_END,
        UNREACHABLE,
        UNKNOWN_HELPER,
        HELPER_NOT_ALLOWED,
        UNKNOWN_MAP,
        UNSUPPORTED,
        TOO_LARGE,
        CONSTANT_DIVISION_BY_ZERO,
        INVALID_SHIFT
    }
}

package jtracec.spec.interp;

/**
 * Opcodes of the interpreter's compact form. Below 0x100 they are the RFC 9669 opcodes
 * unchanged; the variants an opcode alone does not name (signed DIV/MOD, MOVSX widths, byte-swap
 * widths, atomic operations, pseudo lddw, local calls) get codes from 0x100 up, so the
 * interpreter's single switch never looks at offset or imm to choose what to do.
 */
final class InternalOp {
    private InternalOp() {}

    static final int SDIV64_K = 0x100, SDIV64_X = 0x101, SMOD64_K = 0x102, SMOD64_X = 0x103,
            SDIV32_K = 0x104, SDIV32_X = 0x105, SMOD32_K = 0x106, SMOD32_X = 0x107,
            MOVSX64_8 = 0x108, MOVSX64_16 = 0x109, MOVSX64_32 = 0x10a, MOVSX32_8 = 0x10b, MOVSX32_16 = 0x10c,
            LE16 = 0x10d, LE32 = 0x10e, LE64 = 0x10f, BE16 = 0x110, BE32 = 0x111, BE64 = 0x112,
            BSWAP16 = 0x113, BSWAP32 = 0x114, BSWAP64 = 0x115, LDDW_PSEUDO = 0x116, CALL_LOCAL = 0x117,
            CALL_REGISTER = 0x118, FELL_OFF = 0x119;

    /** Atomics: base + index of {@link jtracec.spec.isa.Instruction.AtomicOp}. */
    static final int ATOMIC32 = 0x120, ATOMIC64 = 0x130;
    static final int LIMIT = 0x140;
}

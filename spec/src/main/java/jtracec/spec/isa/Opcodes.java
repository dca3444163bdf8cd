package jtracec.spec.isa;

/** Opcode field values of RFC 9669 §3–§5, named as in the kernel's {@code include/uapi/linux/bpf.h}. */
public final class Opcodes {
    private Opcodes() {}

    // instruction classes (§3.3)
    public static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07;

    // load/store size (§5.1) and mode
    public static final int W = 0x00, H = 0x08, B = 0x10, DW = 0x18;
    public static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, MEMSX = 0x80, ATOMIC = 0xc0;

    // source (§4)
    public static final int K = 0x00, X = 0x08;

    // arithmetic operations (§4.1)
    public static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60,
            RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0, MOV = 0xb0, ARSH = 0xc0, END = 0xd0;

    // jump operations (§4.3)
    public static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40, JNE = 0x50, JSGT = 0x60,
            JSGE = 0x70, CALL = 0x80, EXIT = 0x90, JLT = 0xa0, JLE = 0xb0, JSLT = 0xc0, JSLE = 0xd0;

    // atomic operations (§5.3), in imm
    public static final int ATOMIC_FETCH = 0x01, ATOMIC_XCHG = 0xe0 | ATOMIC_FETCH, ATOMIC_CMPXCHG = 0xf0 | ATOMIC_FETCH;

    // src_reg values of lddw (§5.4) and of call (§4.3.1)
    public static final int PSEUDO_MAP_FD = 1, PSEUDO_MAP_VALUE = 2, PSEUDO_BTF_ID = 3, PSEUDO_FUNC = 4,
            PSEUDO_MAP_IDX = 5, PSEUDO_MAP_IDX_VALUE = 6;
    public static final int PSEUDO_CALL = 1, PSEUDO_KFUNC_CALL = 2;

    // byte-swap direction in the source bit of END (§4.2): ALU|END|TO_LE, ALU|END|TO_BE, ALU64|END is bswap
    public static final int TO_LE = 0x00, TO_BE = 0x08;

    // atomic operations without the fetch bit (§5.3); they reuse the arithmetic operation codes
    public static final int ATOMIC_ADD = ADD, ATOMIC_OR = OR, ATOMIC_AND = AND, ATOMIC_XOR = XOR;

    /** Offset of DIV/MOD that selects the signed variant (RFC 9669 §4.1, "SDIV"/"SMOD"). */
    public static final int SIGNED_OFFSET = 1;

    public static int opClass(int opcode) {
        return opcode & 0x07;
    }

    public static int size(int opcode) {
        return opcode & 0x18;
    }

    public static int mode(int opcode) {
        return opcode & 0xe0;
    }

    public static int operation(int opcode) {
        return opcode & 0xf0;
    }

    public static int source(int opcode) {
        return opcode & 0x08;
    }

    /** Bytes moved by a load or store of this size field. */
    public static int bytes(int opcode) {
        return switch (size(opcode)) {
            case W -> 4;
            case H -> 2;
            case B -> 1;
            default -> 8;
        };
    }
}

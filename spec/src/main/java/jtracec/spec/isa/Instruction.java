package jtracec.spec.isa;

import static jtracec.spec.isa.Opcodes.*;

import java.util.List;

/**
 * What an instruction means, one record per encoding family of RFC 9669 §4–§5. {@link InsnDecoder}
 * builds it from raw {@link Insn} slots and rejects every encoding the RFC leaves undefined;
 * {@link #insns()} encodes it back, so {@code decode(insns(x)) == x} for every instruction.
 */
public sealed interface Instruction {
    /** The slots this instruction occupies: one, or two for a 64-bit immediate load. */
    List<Insn> insns();

    default int slots() {
        return insns().size();
    }

    /** Operand width: ALU/JMP32/W atomics work on the low 32 bits, the others on all 64. */
    enum Width {
        W32, W64;

        boolean isWide() {
            return this == W64;
        }
    }

    /** Memory access size (§5.1). */
    enum Size {
        B(Opcodes.B, 1, "u8"), H(Opcodes.H, 2, "u16"), W(Opcodes.W, 4, "u32"), DW(Opcodes.DW, 8, "u64");

        final int code;
        public final int bytes;
        final String cType;

        Size(int code, int bytes, String cType) {
            this.code = code;
            this.bytes = bytes;
            this.cType = cType;
        }

        static Size of(int opcode) {
            return switch (Opcodes.size(opcode)) {
                case Opcodes.B -> B;
                case Opcodes.H -> H;
                case Opcodes.W -> W;
                default -> DW;
            };
        }
    }

    /** Arithmetic operations (§4.1); SDIV/SMOD are DIV/MOD with offset 1. */
    enum AluOp {
        ADD(Opcodes.ADD, "+="), SUB(Opcodes.SUB, "-="), MUL(Opcodes.MUL, "*="), DIV(Opcodes.DIV, "/="),
        SDIV(Opcodes.DIV, "s/="), OR(Opcodes.OR, "|="), AND(Opcodes.AND, "&="), LSH(Opcodes.LSH, "<<="),
        RSH(Opcodes.RSH, ">>="), NEG(Opcodes.NEG, "= -"), MOD(Opcodes.MOD, "%="), SMOD(Opcodes.MOD, "s%="),
        XOR(Opcodes.XOR, "^="), MOV(Opcodes.MOV, "="), ARSH(Opcodes.ARSH, "s>>=");

        final int code;
        final String symbol;

        AluOp(int code, String symbol) {
            this.code = code;
            this.symbol = symbol;
        }

        int offset() {
            return this == SDIV || this == SMOD ? SIGNED_OFFSET : 0;
        }
    }

    /** Conditional jumps (§4.3). */
    enum JumpOp {
        JEQ(Opcodes.JEQ, "=="), JGT(Opcodes.JGT, ">"), JGE(Opcodes.JGE, ">="), JSET(Opcodes.JSET, "&"),
        JNE(Opcodes.JNE, "!="), JSGT(Opcodes.JSGT, "s>"), JSGE(Opcodes.JSGE, "s>="), JLT(Opcodes.JLT, "<"),
        JLE(Opcodes.JLE, "<="), JSLT(Opcodes.JSLT, "s<"), JSLE(Opcodes.JSLE, "s<=");

        final int code;
        final String symbol;

        JumpOp(int code, String symbol) {
            this.code = code;
            this.symbol = symbol;
        }
    }

    /** Atomic operations (§5.3), by their imm value. */
    enum AtomicOp {
        ADD(ATOMIC_ADD, "+=", "add"), OR(ATOMIC_OR, "|=", "or"), AND(ATOMIC_AND, "&=", "and"),
        XOR(ATOMIC_XOR, "^=", "xor"),
        FETCH_ADD(ATOMIC_ADD | ATOMIC_FETCH, "", "add"), FETCH_OR(ATOMIC_OR | ATOMIC_FETCH, "", "or"),
        FETCH_AND(ATOMIC_AND | ATOMIC_FETCH, "", "and"), FETCH_XOR(ATOMIC_XOR | ATOMIC_FETCH, "", "xor"),
        XCHG(ATOMIC_XCHG, "", "xchg"), CMPXCHG(ATOMIC_CMPXCHG, "", "cmpxchg");

        public final int imm;
        final String symbol;
        final String word;

        AtomicOp(int imm, String symbol, String word) {
            this.imm = imm;
            this.symbol = symbol;
            this.word = word;
        }

        public boolean isFetch() {
            return (imm & ATOMIC_FETCH) != 0;
        }
    }

    /** Direction of a byte swap (§4.2). */
    enum SwapKind { TO_LE, TO_BE, BSWAP }

    /** Legacy packet access: at a constant offset (ABS) or at src plus a constant (IND). */
    enum PacketMode { ABSOLUTE, INDIRECT }

    /** Whether a load fills the upper bits with zeros (MEM) or the sign bit (MEMSX, §5.2). */
    enum Extension { ZERO, SIGN }

    /** The second operand of an ALU or jump: a register (X) or the immediate (K). */
    sealed interface Operand {
        record Register(int reg) implements Operand {}
        record Immediate(int value) implements Operand {}
    }

    /** {@code dst op= src}; NEG has an immediate operand of 0 and ignores it. */
    record Alu(Width width, AluOp op, int dst, Operand source) implements Instruction {
        public List<Insn> insns() {
            int cls = width.isWide() ? ALU64 : ALU;
            return List.of(switch (source) {
                case Operand.Register r -> new Insn(cls | op.code | X, dst, r.reg(), op.offset(), 0);
                case Operand.Immediate i -> new Insn(cls | op.code | K, dst, 0, op.offset(), i.value());
            });
        }
    }

    /** {@code dst = (s8/s16/s32) src}: MOVSX, MOV|X with offset 8, 16 or 32 (§4.1). */
    record MoveSignExtend(Width width, int dst, int src, int fromBits) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn((width.isWide() ? ALU64 : ALU) | MOV | X, dst, src, fromBits, 0));
        }
    }

    /** Byte swap of the low {@code bits} of dst (§4.2). */
    record ByteSwap(SwapKind kind, int dst, int bits) implements Instruction {
        public List<Insn> insns() {
            int opcode = switch (kind) {
                case TO_LE -> ALU | END | TO_LE;
                case TO_BE -> ALU | END | TO_BE;
                case BSWAP -> ALU64 | END;
            };
            return List.of(new Insn(opcode, dst, 0, 0, bits));
        }
    }

    /** {@code if dst op src goto pc+1+offset}. */
    record Jump(Width width, JumpOp op, int dst, Operand source, int offset) implements Instruction {
        public List<Insn> insns() {
            int cls = width.isWide() ? JMP : JMP32;
            return List.of(switch (source) {
                case Operand.Register r -> new Insn(cls | op.code | X, dst, r.reg(), offset, 0);
                case Operand.Immediate i -> new Insn(cls | op.code | K, dst, 0, offset, i.value());
            });
        }
    }

    /** {@code goto pc+1+offset}, JMP|JA with a 16-bit offset. */
    record Goto(int offset) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP | JA, 0, 0, offset, 0));
        }
    }

    /** {@code gotol pc+1+imm}, JMP32|JA with a 32-bit offset in imm (§4.3, "ja32"). */
    record GotoLong(int offset) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP32 | JA, 0, 0, 0, offset));
        }
    }

    /** A helper call by its static id (§4.3.1). */
    record CallHelper(int helper) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP | CALL, 0, 0, 0, helper));
        }
    }

    /** A program-local call to pc+1+offset, with its own frame (§4.3.2). */
    record CallLocal(int offset) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP | CALL, 0, PSEUDO_CALL, 0, offset));
        }
    }

    /** A call to a kernel function by BTF id (§4.3.1, src 2). */
    record CallKernelFunction(int btfId) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP | CALL, 0, PSEUDO_KFUNC_CALL, 0, btfId));
        }
    }

    /**
     * {@code callx dst}: a helper call whose id is in a register. Not in RFC 9669; LLVM and uBPF
     * encode it as JMP|CALL|X with the register in dst, and the conformance suite has one test of it.
     */
    record CallRegister(int reg) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP | CALL | X, reg, 0, 0, 0));
        }
    }

    record Exit() implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(JMP | EXIT, 0, 0, 0, 0));
        }
    }

    /** {@code dst = *(size *)(base + offset)}, zero- or sign-extended. */
    record Load(Size size, Extension extension, int dst, int base, int offset) implements Instruction {
        public List<Insn> insns() {
            int mode = extension == Extension.SIGN ? MEMSX : MEM;
            return List.of(new Insn(LDX | mode | size.code, dst, base, offset, 0));
        }
    }

    /** {@code *(size *)(base + offset) = src}. */
    record Store(Size size, int base, int offset, int src) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(STX | MEM | size.code, base, src, offset, 0));
        }
    }

    /** {@code *(size *)(base + offset) = imm}. */
    record StoreImmediate(Size size, int base, int offset, int value) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(ST | MEM | size.code, base, 0, offset, value));
        }
    }

    /** An atomic read-modify-write of a W or DW at base+offset with src (and r0 for CMPXCHG). */
    record Atomic(Size size, AtomicOp op, int base, int offset, int src) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(STX | ATOMIC | size.code, base, src, offset, op.imm));
        }
    }

    /**
     * {@code lddw dst, imm64} (§5.4). {@code source} is the src field: 0 for a plain constant, or a
     * pseudo source (map by fd or index, map value, BTF id, function) that the loader resolves.
     */
    record LoadImmediate64(int dst, int source, int imm, int nextImm) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(LD | IMM | DW, dst, source, 0, imm), new Insn(0, 0, 0, 0, nextImm));
        }

        public long value() {
            return (long) nextImm << 32 | (imm & 0xffff_ffffL);
        }
    }

    /** The legacy packet loads LD|ABS and LD|IND (§5.5), kept so they decode and disassemble. */
    record LegacyPacketLoad(Size size, PacketMode mode, int src, int imm) implements Instruction {
        public List<Insn> insns() {
            return List.of(new Insn(LD | (mode == PacketMode.INDIRECT ? IND : ABS) | size.code, 0, src, 0, imm));
        }
    }
}

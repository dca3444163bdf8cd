package jtracec.spec.isa;

import static jtracec.spec.isa.Opcodes.*;

import java.util.List;
import jtracec.spec.isa.Instruction.*;

/**
 * Gives each slot its meaning under RFC 9669 and refuses the encodings the RFC leaves undefined:
 * unknown opcodes, non-zero reserved fields, registers past r10, writes to the read-only r10.
 * It checks one instruction; {@link InsnValidator} adds the checks that need the whole program.
 */
public final class InsnDecoder {
    private InsnDecoder() {}

    private static final int FP = Reg.FP;

    public static Decoded decode(List<Insn> program, int pc) {
        Insn insn = program.get(pc);
        return switch (insn.opClass()) {
            case ALU, ALU64 -> alu(insn, pc);
            case JMP, JMP32 -> jump(insn, pc);
            case LD -> wide(program, insn, pc);
            case LDX -> load(insn, pc);
            case ST -> storeImmediate(insn, pc);
            default -> store(insn, pc);
        };
    }

    private static Decoded alu(Insn insn, int pc) {
        Width width = insn.opClass() == ALU64 ? Width.W64 : Width.W32;
        int op = operation(insn.opcode());
        int dst = insn.dst();
        if (dst >= FP) return invalid(pc, insn, dst == FP ? "r10 is read-only" : "no register r" + dst);
        if (op == END) return byteSwap(insn, pc);
        boolean isRegister = source(insn.opcode()) == X;
        if (isRegister && insn.src() > FP) return invalid(pc, insn, "no register r" + insn.src());
        if (isRegister && insn.imm() != 0) return invalid(pc, insn, "imm must be 0 with a register source");
        if (!isRegister && insn.src() != 0) return invalid(pc, insn, "src must be 0 with an immediate source");
        Operand operand = isRegister ? new Operand.Register(insn.src()) : new Operand.Immediate(insn.imm());
        if (op == MOV && insn.offset() != 0) {
            boolean allowed = isRegister && (insn.offset() == 8 || insn.offset() == 16 || (width.isWide() && insn.offset() == 32));
            if (!allowed) return invalid(pc, insn, "MOVSX takes a register and offset 8, 16 or (64-bit only) 32");
            return ok(new MoveSignExtend(width, dst, insn.src(), insn.offset()));
        }
        if (op == NEG) {
            if (isRegister || insn.imm() != 0 || insn.offset() != 0) return invalid(pc, insn, "NEG has no source operand");
            return ok(new Alu(width, AluOp.NEG, dst, new Operand.Immediate(0)));
        }
        AluOp aluOp = switch (op) {
            case ADD -> AluOp.ADD;
            case SUB -> AluOp.SUB;
            case MUL -> AluOp.MUL;
            case DIV -> insn.offset() == SIGNED_OFFSET ? AluOp.SDIV : AluOp.DIV;
            case OR -> AluOp.OR;
            case AND -> AluOp.AND;
            case LSH -> AluOp.LSH;
            case RSH -> AluOp.RSH;
            case MOD -> insn.offset() == SIGNED_OFFSET ? AluOp.SMOD : AluOp.MOD;
            case XOR -> AluOp.XOR;
            case MOV -> AluOp.MOV;
            case ARSH -> AluOp.ARSH;
            default -> null;
        };
        if (aluOp == null) return invalid(pc, insn, "unknown arithmetic operation");
        if (insn.offset() != aluOp.offset()) return invalid(pc, insn, "offset must be 0 (or 1 for signed DIV/MOD)");
        return ok(new Alu(width, aluOp, dst, operand));
    }

    private static Decoded byteSwap(Insn insn, int pc) {
        SwapKind kind;
        if (insn.opClass() == ALU64) {
            if (source(insn.opcode()) != 0) return invalid(pc, insn, "ALU64 byte swap has no source bit");
            kind = SwapKind.BSWAP;
        } else {
            kind = source(insn.opcode()) == TO_BE ? SwapKind.TO_BE : SwapKind.TO_LE;
        }
        if (insn.src() != 0 || insn.offset() != 0) return invalid(pc, insn, "byte swap has no source or offset");
        if (insn.imm() != 16 && insn.imm() != 32 && insn.imm() != 64) return invalid(pc, insn, "byte swap width must be 16, 32 or 64");
        return ok(new ByteSwap(kind, insn.dst(), insn.imm()));
    }

    private static Decoded jump(Insn insn, int pc) {
        boolean isJmp32 = insn.opClass() == JMP32;
        int op = operation(insn.opcode());
        boolean isRegister = source(insn.opcode()) == X;
        switch (op) {
            case JA -> {
                if (isRegister || insn.dst() != 0 || insn.src() != 0) return invalid(pc, insn, "JA has no registers");
                if (isJmp32) {
                    return insn.offset() != 0 ? invalid(pc, insn, "JMP32|JA takes its offset in imm") : ok(new GotoLong(insn.imm()));
                }
                return insn.imm() != 0 ? invalid(pc, insn, "JA takes its offset in offset, imm must be 0") : ok(new Goto(insn.offset()));
            }
            case CALL -> {
                if (isJmp32) return invalid(pc, insn, "CALL is a JMP-class instruction");
                if (insn.offset() != 0) return invalid(pc, insn, "CALL offset must be 0");
                if (isRegister) {
                    if (insn.src() != 0 || insn.imm() != 0 || insn.dst() > Reg.R9) return invalid(pc, insn, "bad callx encoding");
                    return ok(new CallRegister(insn.dst()));
                }
                if (insn.dst() != 0) return invalid(pc, insn, "CALL dst must be 0");
                return switch (insn.src()) {
                    case 0 -> ok(new CallHelper(insn.imm()));
                    case PSEUDO_CALL -> ok(new CallLocal(insn.imm()));
                    case PSEUDO_KFUNC_CALL -> ok(new CallKernelFunction(insn.imm()));
                    default -> invalid(pc, insn, "unknown CALL source " + insn.src());
                };
            }
            case EXIT -> {
                if (isJmp32 || insn.opcode() != (JMP | EXIT) || insn.dst() != 0 || insn.src() != 0 || insn.offset() != 0 || insn.imm() != 0) {
                    return invalid(pc, insn, "EXIT has no operands");
                }
                return ok(new Exit());
            }
            default -> {}
        }
        JumpOp jumpOp = switch (op) {
            case JEQ -> JumpOp.JEQ;
            case JGT -> JumpOp.JGT;
            case JGE -> JumpOp.JGE;
            case JSET -> JumpOp.JSET;
            case JNE -> JumpOp.JNE;
            case JSGT -> JumpOp.JSGT;
            case JSGE -> JumpOp.JSGE;
            case JLT -> JumpOp.JLT;
            case JLE -> JumpOp.JLE;
            case JSLT -> JumpOp.JSLT;
            case JSLE -> JumpOp.JSLE;
            default -> null;
        };
        if (jumpOp == null) return invalid(pc, insn, "unknown jump operation");
        if (insn.dst() > FP || insn.src() > FP) return invalid(pc, insn, "no register r" + Math.max(insn.dst(), insn.src()));
        if (isRegister && insn.imm() != 0) return invalid(pc, insn, "imm must be 0 with a register source");
        if (!isRegister && insn.src() != 0) return invalid(pc, insn, "src must be 0 with an immediate source");
        Operand operand = isRegister ? new Operand.Register(insn.src()) : new Operand.Immediate(insn.imm());
        return ok(new Jump(isJmp32 ? Width.W32 : Width.W64, jumpOp, insn.dst(), operand, insn.offset()));
    }

    private static Decoded wide(List<Insn> program, Insn insn, int pc) {
        int mode = mode(insn.opcode());
        if (mode == ABS || mode == IND) {
            if (size(insn.opcode()) == DW) return invalid(pc, insn, "legacy packet loads have no DW size");
            if (insn.dst() != 0 || insn.offset() != 0 || insn.src() > FP || (mode == ABS && insn.src() != 0)) {
                return invalid(pc, insn, "bad legacy packet load");
            }
            var packetMode = mode == IND ? PacketMode.INDIRECT : PacketMode.ABSOLUTE;
            return ok(new LegacyPacketLoad(Size.of(insn.opcode()), packetMode, insn.src(), insn.imm()));
        }
        if (!insn.isWide()) {
            return invalid(pc, insn, insn.opcode() == 0 ? "opcode 0 outside the second slot of lddw" : "LD takes only IMM|DW");
        }
        if (insn.dst() >= FP) return invalid(pc, insn, insn.dst() == FP ? "r10 is read-only" : "no register r" + insn.dst());
        if (insn.offset() != 0) return invalid(pc, insn, "lddw offset must be 0");
        if (insn.src() > PSEUDO_MAP_IDX_VALUE) return invalid(pc, insn, "unknown lddw source " + insn.src());
        if (pc + 1 >= program.size()) return invalid(pc, insn, "lddw needs a second slot");
        Insn next = program.get(pc + 1);
        if (next.opcode() != 0 || next.dst() != 0 || next.src() != 0 || next.offset() != 0) {
            return invalid(pc + 1, next, "the second slot of lddw must be zero except imm");
        }
        return ok(new LoadImmediate64(insn.dst(), insn.src(), insn.imm(), next.imm()));
    }

    private static Decoded load(Insn insn, int pc) {
        int mode = mode(insn.opcode());
        if (mode != MEM && mode != MEMSX) return invalid(pc, insn, "LDX takes only MEM or MEMSX");
        if (mode == MEMSX && size(insn.opcode()) == DW) return invalid(pc, insn, "MEMSX has no DW size");
        if (insn.dst() >= FP) return invalid(pc, insn, insn.dst() == FP ? "r10 is read-only" : "no register r" + insn.dst());
        if (insn.src() > FP) return invalid(pc, insn, "no register r" + insn.src());
        if (insn.imm() != 0) return invalid(pc, insn, "LDX imm must be 0");
        var extension = mode == MEMSX ? Extension.SIGN : Extension.ZERO;
        return ok(new Load(Size.of(insn.opcode()), extension, insn.dst(), insn.src(), insn.offset()));
    }

    private static Decoded storeImmediate(Insn insn, int pc) {
        if (mode(insn.opcode()) != MEM) return invalid(pc, insn, "ST takes only MEM");
        if (insn.dst() > FP) return invalid(pc, insn, "no register r" + insn.dst());
        if (insn.src() != 0) return invalid(pc, insn, "ST src must be 0");
        return ok(new StoreImmediate(Size.of(insn.opcode()), insn.dst(), insn.offset(), insn.imm()));
    }

    private static Decoded store(Insn insn, int pc) {
        int mode = mode(insn.opcode());
        if (insn.dst() > FP || insn.src() > FP) return invalid(pc, insn, "no register r" + Math.max(insn.dst(), insn.src()));
        Size size = Size.of(insn.opcode());
        if (mode == MEM) {
            if (insn.imm() != 0) return invalid(pc, insn, "STX imm must be 0");
            return ok(new Store(size, insn.dst(), insn.offset(), insn.src()));
        }
        if (mode != ATOMIC) return invalid(pc, insn, "STX takes only MEM or ATOMIC");
        if (size != Size.W && size != Size.DW) return invalid(pc, insn, "atomics are W or DW only");
        for (AtomicOp op : AtomicOp.values()) {
            if (op.imm == insn.imm()) return ok(new Atomic(size, op, insn.dst(), insn.offset(), insn.src()));
        }
        return invalid(pc, insn, "unknown atomic operation 0x%x".formatted(insn.imm()));
    }

    private static Decoded ok(Instruction instruction) {
        return new Decoded.Valid(instruction);
    }

    private static Decoded invalid(int pc, Insn insn, String reason) {
        return new Decoded.Invalid(pc, "%s (opcode 0x%02x)".formatted(reason, insn.opcode()));
    }
}

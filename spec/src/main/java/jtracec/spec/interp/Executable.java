package jtracec.spec.interp;

import static jtracec.spec.interp.InternalOp.*;

import java.util.List;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.InsnValidator;
import jtracec.spec.isa.InsnValidator.Dialect;
import jtracec.spec.isa.InsnValidator.Validity;
import jtracec.spec.isa.Instruction;
import jtracec.spec.isa.Instruction.*;

/**
 * A validated program in the interpreter's compact form, built once and run many times: one
 * internal opcode with dst and src per slot, a memory offset or an absolute jump target, and a
 * 64-bit operand (sign-extended imm, lddw value, helper id). One extra slot past the end
 * faults, so falling off the program needs no check per step.
 */
public final class Executable {
    final int[] code;
    final int[] offset;
    final long[] operand;
    private final List<Insn> insns;

    private Executable(List<Insn> insns) {
        this.insns = List.copyOf(insns);
        int size = insns.size() + 1;
        code = new int[size];
        offset = new int[size];
        operand = new long[size];
        code[insns.size()] = FELL_OFF;
    }

    public List<Insn> insns() {
        return insns;
    }

    public int size() {
        return insns.size();
    }

    /** The result of compiling: an executable, or the first reason the bytecode cannot run. */
    public sealed interface Compilation {
        record Compiled(Executable executable) implements Compilation {}

        record Rejected(int pc, String reason) implements Compilation {}
    }

    public static Compilation compile(List<Insn> insns, Dialect dialect) {
        return switch (InsnValidator.validate(insns, dialect)) {
            case Validity.Invalid invalid -> new Compilation.Rejected(invalid.pc(), invalid.reason());
            case Validity.Valid valid -> build(insns, valid);
        };
    }

    /** Compiles or throws: for programs that are known to be valid (tests, benchmarks, compiler output). */
    public static Executable of(List<Insn> insns) {
        return switch (compile(insns, Dialect.RFC_9669)) {
            case Compilation.Compiled compiled -> compiled.executable();
            case Compilation.Rejected rejected ->
                    throw new IllegalArgumentException("bug: invalid program at pc %d: %s".formatted(rejected.pc(), rejected.reason()));
        };
    }

    private static Compilation build(List<Insn> insns, Validity.Valid valid) {
        Executable executable = new Executable(insns);
        for (int i = 0; i < valid.instructions().size(); i++) {
            int pc = valid.starts().get(i);
            Insn insn = insns.get(pc);
            Instruction instruction = valid.instructions().get(i);
            int op = internalOp(insn, instruction);
            if (op < 0) {
                return new Compilation.Rejected(pc, switch (instruction) {
                    case CallKernelFunction call -> "kernel function calls (kfuncs) are not modelled";
                    default -> "legacy packet access (LD|ABS, LD|IND) is not modelled";
                });
            }
            executable.code[pc] = op | insn.dst() << 12 | insn.src() << 16;
            executable.offset[pc] = switch (instruction) {
                case Jump jump -> pc + 1 + jump.offset();
                case Goto jump -> pc + 1 + jump.offset();
                case GotoLong jump -> pc + 1 + jump.offset();
                case CallLocal call -> pc + 1 + call.offset();
                default -> insn.offset();
            };
            executable.operand[pc] = instruction instanceof LoadImmediate64 wide
                    ? (wide.source() == 0 ? wide.value() : wide.imm())
                    : insn.imm();
            if (instruction instanceof LoadImmediate64 wide && wide.source() != 0) {
                executable.offset[pc] = wide.nextImm();
            }
            if (instruction instanceof LoadImmediate64) executable.code[pc + 1] = FELL_OFF;
        }
        return new Compilation.Compiled(executable);
    }

    /** The internal opcode, or -1 for an instruction the model does not run. */
    private static int internalOp(Insn insn, Instruction instruction) {
        return switch (instruction) {
            case Alu alu -> switch (alu.op()) {
                case SDIV -> alu.width().equals(Width.W64) ? registerOrImmediate(alu, SDIV64_X, SDIV64_K) : registerOrImmediate(alu, SDIV32_X, SDIV32_K);
                case SMOD -> alu.width().equals(Width.W64) ? registerOrImmediate(alu, SMOD64_X, SMOD64_K) : registerOrImmediate(alu, SMOD32_X, SMOD32_K);
                default -> insn.opcode();
            };
            case MoveSignExtend move -> switch (move.fromBits()) {
                case 8 -> move.width() == Width.W64 ? MOVSX64_8 : MOVSX32_8;
                case 16 -> move.width() == Width.W64 ? MOVSX64_16 : MOVSX32_16;
                default -> MOVSX64_32;
            };
            case ByteSwap swap -> switch (swap.kind()) {
                case TO_LE -> swap.bits() == 16 ? LE16 : swap.bits() == 32 ? LE32 : LE64;
                case TO_BE -> swap.bits() == 16 ? BE16 : swap.bits() == 32 ? BE32 : BE64;
                case BSWAP -> swap.bits() == 16 ? BSWAP16 : swap.bits() == 32 ? BSWAP32 : BSWAP64;
            };
            case Atomic atomic -> (atomic.size() == Size.DW ? ATOMIC64 : ATOMIC32) + atomic.op().ordinal();
            case LoadImmediate64 wide -> wide.source() == 0 ? insn.opcode() : LDDW_PSEUDO;
            case CallLocal call -> CALL_LOCAL;
            case CallRegister call -> CALL_REGISTER;
            case CallKernelFunction call -> -1;
            case LegacyPacketLoad load -> -1;
            case Jump jump -> insn.opcode();
            case Goto jump -> insn.opcode();
            case GotoLong jump -> insn.opcode();
            case CallHelper call -> insn.opcode();
            case Exit exit -> insn.opcode();
            case Load load -> insn.opcode();
            case Store store -> insn.opcode();
            case StoreImmediate store -> insn.opcode();
        };
    }

    private static int registerOrImmediate(Alu alu, int register, int immediate) {
        return alu.source() instanceof Operand.Register ? register : immediate;
    }
}

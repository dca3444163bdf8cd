package jtracec.verifier.cfg;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jtracec.spec.helper.HelperProto;
import jtracec.spec.helper.Helpers;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.KernelLimits;
import jtracec.spec.kernel.ProgramType;
import jtracec.verifier.cfg.Malformation.Fault;

/**
 * Builds the CFG of a program and rejects what the kernel's {@code check_cfg()} and opcode
 * decoding would: unknown opcodes and reserved fields, registers above r10, writes to r10,
 * division by the constant 0 and constant shifts out of range, jumps
 * out of the program or into the second slot of a wide load, falling off the end, unreachable
 * instructions, unknown helpers or maps.
 */
public final class CfgBuilder {
    private final int mapCount;
    private final ProgramType programType;

    public CfgBuilder(int mapCount, ProgramType programType) {
        this.mapCount = mapCount;
        this.programType = programType;
    }

    public Cfg build(List<Insn> insns) {
        int n = insns.size();
        var errors = new ArrayList<Malformation>();
        var second = new boolean[n];
        var successors = new int[n][];
        if (n == 0 || n > KernelLimits.MAX_PROCESSED_INSNS) {
            errors.add(n == 0 ? new Malformation(0, Fault.EMPTY_PROGRAM, "the program has no instructions")
                    : new Malformation(0, Fault.TOO_LARGE, "the program has %d instructions; the kernel takes at most %d"
                            .formatted(n, KernelLimits.MAX_PROCESSED_INSNS)));
            return new Cfg(insns, second, emptySuccessors(n), List.of(), List.of(), errors);
        }
        for (int pc = 0; pc < n; pc++) {
            if (insns.get(pc).isWide() && pc + 1 < n) second[pc + 1] = true;
        }
        for (int pc = 0; pc < n; pc++) {
            successors[pc] = new int[0];
            if (second[pc]) continue;
            Insn insn = insns.get(pc);
            int before = errors.size();
            decode(pc, insn, insns, errors);
            if (errors.size() > before) continue;
            successors[pc] = successorsOf(pc, insn);
            for (int k = 0; k < successors[pc].length; k++) {
                int target = successors[pc][k];
                boolean fallsThrough = !isJump(insn) || successors[pc].length == 2 && k == 0;
                if (target == n && fallsThrough) {
                    errors.add(new Malformation(pc, Fault.FALL_THROUGH_END, "execution falls off the end of the program"));
                } else if (target < 0 || target >= n) {
                    errors.add(new Malformation(pc, Fault.JUMP_OUT_OF_RANGE, "jump to %d is outside the program of %d instructions".formatted(target, n)));
                } else if (second[target]) {
                    errors.add(new Malformation(pc, Fault.JUMP_INTO_WIDE_LOAD, "jump to %d lands in the middle of a 64-bit immediate load".formatted(target)));
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Cfg(insns, second, emptySuccessors(n), List.of(), List.of(), errors);
        }
        var postorder = new ArrayList<Integer>();
        var backEdges = new ArrayList<int[]>();
        boolean[] reached = depthFirst(successors, postorder, backEdges);
        for (int pc = 0; pc < n; pc++) {
            if (!second[pc] && !reached[pc] && (pc == 0 || reached[pc - 1] || second[pc - 1] && reached[pc - 2])) {
                errors.add(new Malformation(pc, Fault.UNREACHABLE, "instruction %d is unreachable".formatted(pc)));
            }
        }
        Collections.reverse(postorder);
        return new Cfg(insns, second, successors, postorder, backEdges, errors);
    }

    private static int[][] emptySuccessors(int n) {
        var out = new int[n][];
        for (int i = 0; i < n; i++) out[i] = new int[0];
        return out;
    }

    private static boolean isJump(Insn insn) {
        int cls = insn.opClass();
        return (cls == JMP || cls == JMP32) && operation(insn.opcode()) != CALL;
    }

    static int[] successorsOf(int pc, Insn insn) {
        int cls = insn.opClass();
        if (insn.isWide()) return new int[] {pc + 2};
        if (cls != JMP && cls != JMP32) return new int[] {pc + 1};
        int op = operation(insn.opcode());
        if (op == EXIT) return new int[0];
        if (op == CALL) return new int[] {pc + 1};
        if (op == JA) return new int[] {pc + 1 + (cls == JMP32 ? insn.imm() : insn.offset())};
        return new int[] {pc + 1, pc + 1 + insn.offset()};
    }

    /** Iterative DFS from pc 0; records postorder and the edges into nodes still on the stack. */
    private static boolean[] depthFirst(int[][] successors, List<Integer> postorder, List<int[]> backEdges) {
        int n = successors.length;
        var state = new byte[n]; // 0 new, 1 on stack, 2 done
        var stack = new ArrayDeque<int[]>(); // {pc, next successor index}
        stack.push(new int[] {0, 0});
        state[0] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int pc = top[0];
            if (top[1] < successors[pc].length) {
                int next = successors[pc][top[1]++];
                if (state[next] == 0) {
                    state[next] = 1;
                    stack.push(new int[] {next, 0});
                } else if (state[next] == 1) {
                    backEdges.add(new int[] {pc, next});
                }
            } else {
                state[pc] = 2;
                postorder.add(pc);
                stack.pop();
            }
        }
        var reached = new boolean[n];
        for (int i = 0; i < n; i++) reached[i] = state[i] != 0;
        return reached;
    }

    private void decode(int pc, Insn insn, List<Insn> insns, List<Malformation> errors) {
        int op = insn.opcode();
        int cls = insn.opClass();
        switch (cls) {
            case ALU, ALU64 -> alu(pc, insn, errors);
            case LDX -> {
                int mode = mode(op);
                if (mode != MEM && !(mode == MEMSX && size(op) != DW) || insn.imm() != 0) unknown(pc, insn, errors);
                else registers(pc, insn, true, true, errors);
            }
            case ST -> {
                if (mode(op) != MEM || insn.src() != 0) unknown(pc, insn, errors);
                else registers(pc, insn, false, false, errors);
            }
            case STX -> {
                int mode = mode(op);
                if (mode == MEM) {
                    if (insn.imm() != 0) unknown(pc, insn, errors);
                    else registers(pc, insn, false, true, errors);
                } else if (mode == ATOMIC && (size(op) == W || size(op) == DW) && isAtomicOp(insn.imm())) {
                    registers(pc, insn, false, true, errors);
                } else {
                    unknown(pc, insn, errors);
                }
            }
            case LD -> wide(pc, insn, insns, errors);
            case JMP, JMP32 -> jump(pc, insn, errors);
            default -> unknown(pc, insn, errors);
        }
    }

    private static boolean isAtomicOp(int imm) {
        int base = imm & ~ATOMIC_FETCH;
        return base == ADD || base == OR || base == AND || base == XOR || imm == ATOMIC_XCHG || imm == ATOMIC_CMPXCHG;
    }

    private void alu(int pc, Insn insn, List<Malformation> errors) {
        int op = operation(insn.opcode());
        boolean isReg = source(insn.opcode()) == X;
        boolean ok = switch (op) {
            case ADD, SUB, MUL, OR, AND, LSH, RSH, XOR, ARSH -> insn.offset() == 0;
            case DIV, MOD -> insn.offset() == 0 || insn.offset() == 1;
            case NEG -> !isReg && insn.offset() == 0 && insn.imm() == 0;
            case MOV -> insn.offset() == 0 || isReg && (insn.offset() == 8 || insn.offset() == 16 || insn.offset() == 32 && insn.opClass() == ALU64);
            case END -> (insn.imm() == 16 || insn.imm() == 32 || insn.imm() == 64) && !(insn.opClass() == ALU64 && isReg);
            default -> false;
        };
        if (!ok || !isReg && insn.src() != 0 || isReg && insn.imm() != 0 && op != END) {
            unknown(pc, insn, errors);
            return;
        }
        if (op == END && insn.src() != 0) {
            unknown(pc, insn, errors);
            return;
        }
        // check_alu_op() in kernel/bpf/verifier.c refuses these constants before any analysis
        if (!isReg && (op == DIV || op == MOD) && insn.imm() == 0) {
            errors.add(new Malformation(pc, Fault.CONSTANT_DIVISION_BY_ZERO, "division by the constant zero"));
            return;
        }
        int width = insn.opClass() == ALU64 ? 64 : 32;
        if (!isReg && (op == LSH || op == RSH || op == ARSH) && (insn.imm() < 0 || insn.imm() >= width)) {
            errors.add(new Malformation(pc, Fault.INVALID_SHIFT, "shift by %d of a %d-bit value".formatted(insn.imm(), width)));
            return;
        }
        registers(pc, insn, true, isReg && op != END, errors);
    }

    private void wide(int pc, Insn insn, List<Insn> insns, List<Malformation> errors) {
        if (!insn.isWide()) {
            unknown(pc, insn, errors);
            return;
        }
        if (pc + 1 >= insns.size()) {
            errors.add(new Malformation(pc, Fault.FALL_THROUGH_END, "64-bit immediate load is missing its second slot"));
            return;
        }
        Insn next = insns.get(pc + 1);
        if (next.opcode() != 0 || next.dst() != 0 || next.src() != 0 || next.offset() != 0 || insn.offset() != 0) {
            unknown(pc, insn, errors);
            return;
        }
        if (insn.src() == PSEUDO_MAP_FD) {
            if (insn.imm() < 0 || insn.imm() >= mapCount || next.imm() != 0) {
                errors.add(new Malformation(pc, Fault.UNKNOWN_MAP, "map %d does not exist (the object has %d)".formatted(insn.imm(), mapCount)));
                return;
            }
        } else if (insn.src() == PSEUDO_MAP_VALUE) {
            // the address of byte next.imm() of a map's value; which maps allow it is checked with the map specs
            if (insn.imm() < 0 || insn.imm() >= mapCount) {
                errors.add(new Malformation(pc, Fault.UNKNOWN_MAP, "map %d does not exist (the object has %d)".formatted(insn.imm(), mapCount)));
                return;
            }
        } else if (insn.src() != 0) {
            errors.add(new Malformation(pc, Fault.UNSUPPORTED, "64-bit immediate load with source %d is not supported".formatted(insn.src())));
            return;
        }
        registers(pc, new Insn(insn.opcode(), insn.dst(), 0, 0, 0), true, false, errors);
    }

    private void jump(int pc, Insn insn, List<Malformation> errors) {
        int op = operation(insn.opcode());
        boolean isReg = source(insn.opcode()) == X;
        boolean is32 = insn.opClass() == JMP32;
        switch (op) {
            case JA -> {
                if (isReg || insn.dst() != 0 || insn.src() != 0 || (is32 ? insn.offset() != 0 : insn.imm() != 0)) unknown(pc, insn, errors);
            }
            case EXIT -> {
                if (is32 || isReg || insn.dst() != 0 || insn.src() != 0 || insn.offset() != 0 || insn.imm() != 0) unknown(pc, insn, errors);
            }
            case CALL -> call(pc, insn, is32 || isReg, errors);
            case JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE -> {
                if (isReg && insn.imm() != 0 || !isReg && insn.src() != 0) unknown(pc, insn, errors);
                else registers(pc, insn, false, isReg, errors);
            }
            default -> unknown(pc, insn, errors);
        }
    }

    private void call(int pc, Insn insn, boolean isMalformed, List<Malformation> errors) {
        if (isMalformed || insn.dst() != 0 || insn.offset() != 0) {
            unknown(pc, insn, errors);
            return;
        }
        if (insn.src() == PSEUDO_CALL || insn.src() == PSEUDO_KFUNC_CALL) {
            errors.add(new Malformation(pc, Fault.UNSUPPORTED, insn.src() == PSEUDO_CALL
                    ? "calls to BPF subprograms are not supported yet" : "kfunc calls are not supported yet"));
            return;
        }
        if (insn.src() != 0) {
            unknown(pc, insn, errors);
            return;
        }
        var proto = Helpers.byNumber(insn.imm());
        if (proto.isEmpty()) {
            errors.add(new Malformation(pc, Fault.UNKNOWN_HELPER, "helper %d is unknown".formatted(insn.imm())));
        } else if (!isAllowed(proto.get())) {
            errors.add(new Malformation(pc, Fault.HELPER_NOT_ALLOWED, "%s cannot be called from a %s program"
                    .formatted(proto.get().id().kernelName(), programType.name().toLowerCase(java.util.Locale.ROOT))));
        }
    }

    private boolean isAllowed(HelperProto proto) {
        return proto.programTypes().contains(programType);
    }

    /** Checks register fields; {@code writesDst} forbids r10 as destination, {@code readsSrc} checks the source field. */
    private static void registers(int pc, Insn insn, boolean writesDst, boolean readsSrc, List<Malformation> errors) {
        if (insn.dst() > Reg.FP || readsSrc && insn.src() > Reg.FP) {
            int bad = insn.dst() > Reg.FP ? insn.dst() : insn.src();
            errors.add(new Malformation(pc, Fault.INVALID_REGISTER, "r%d is not a register (r0 to r10)".formatted(bad)));
        } else if (writesDst && insn.dst() == Reg.FP) {
            errors.add(new Malformation(pc, Fault.WRITE_TO_FRAME_POINTER, "r10 is the read-only frame pointer"));
        }
    }

    private static void unknown(int pc, Insn insn, List<Malformation> errors) {
        errors.add(new Malformation(pc, Fault.UNKNOWN_OPCODE, "unknown instruction (opcode 0x%02x)".formatted(insn.opcode())));
    }
}

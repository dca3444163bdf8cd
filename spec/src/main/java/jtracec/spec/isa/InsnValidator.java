package jtracec.spec.isa;

import java.util.ArrayList;
import java.util.List;
import jtracec.spec.isa.Instruction.*;

/**
 * Checks that a whole program is well-formed bytecode: every slot decodes, every jump and local
 * call lands on the first slot of an instruction inside the program. What it accepts the
 * interpreter can run; that a program is also safe is the verifier's business.
 */
public final class InsnValidator {
    private InsnValidator() {}

    /** Which instructions count as valid beyond RFC 9669. */
    public enum Dialect {
        /** RFC 9669 exactly, as the kernel reads it. */
        RFC_9669,
        /** RFC 9669 plus {@code callx}, which the bpf_conformance suite and uBPF use. */
        CONFORMANCE
    }

    public sealed interface Validity {
        /** The program, one entry per slot: the instruction starting there, or empty for a second lddw slot. */
        record Valid(List<Instruction> instructions, List<Integer> starts) implements Validity {
            public Valid {
                instructions = List.copyOf(instructions);
                starts = List.copyOf(starts);
            }
        }

        record Invalid(int pc, String reason) implements Validity {}
    }

    public static Validity validate(List<Insn> program, Dialect dialect) {
        if (program.isEmpty()) return new Validity.Invalid(0, "empty program");
        List<Instruction> instructions = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        boolean[] isStart = new boolean[program.size()];
        for (int pc = 0; pc < program.size(); ) {
            switch (InsnDecoder.decode(program, pc)) {
                case Decoded.Invalid invalid -> {
                    return new Validity.Invalid(invalid.pc(), invalid.reason());
                }
                case Decoded.Valid valid -> {
                    if (valid.instruction() instanceof CallRegister && dialect == Dialect.RFC_9669) {
                        return new Validity.Invalid(pc, "callx is not an RFC 9669 instruction");
                    }
                    instructions.add(valid.instruction());
                    starts.add(pc);
                    isStart[pc] = true;
                    pc += valid.instruction().slots();
                }
            }
        }
        for (int i = 0; i < instructions.size(); i++) {
            int pc = starts.get(i);
            int relative;
            switch (instructions.get(i)) {
                case Jump jump -> relative = jump.offset();
                case Goto jump -> relative = jump.offset();
                case GotoLong jump -> relative = jump.offset();
                case CallLocal call -> relative = call.offset();
                default -> {
                    continue;
                }
            }
            long target = pc + 1L + relative;
            if (target < 0 || target >= program.size()) {
                return new Validity.Invalid(pc, "jump to pc %d is outside the program".formatted(target));
            }
            if (!isStart[(int) target]) {
                return new Validity.Invalid(pc, "jump to pc %d lands inside an lddw".formatted(target));
            }
        }
        return new Validity.Valid(instructions, starts);
    }
}

package jtracec.spec.object;

import java.util.List;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;
import jtracec.spec.source.VariableTable;

/**
 * One program of an object: its instructions with line info, its type, and the point it attaches
 * to. {@code probe} is the attach point as the script spelled it after expansion
 * (e.g. {@code tracepoint:syscalls:sys_enter_openat}), used by {@code probe} and in messages.
 * {@code variables} says where the script's variables are at each instruction, when the compiler knows.
 */
public record BpfProgram(String name, String probe, ProgramType type, AttachPoint attach, List<Insn> insns,
                         LineTable lines, VariableTable variables, SourceSpan span) {
    public BpfProgram {
        insns = List.copyOf(insns);
        if (lines.size() != insns.size()) {
            throw new IllegalArgumentException("bug: %d instructions but %d line entries".formatted(insns.size(), lines.size()));
        }
        if (!variables.isEmpty() && variables.size() != insns.size()) {
            throw new IllegalArgumentException("bug: %d instructions but %d variable entries".formatted(insns.size(), variables.size()));
        }
    }

    /** A program with no variable info (hand-written, foreign or mutated bytecode). */
    public BpfProgram(String name, String probe, ProgramType type, AttachPoint attach, List<Insn> insns, LineTable lines, SourceSpan span) {
        this(name, probe, type, attach, insns, lines, VariableTable.none(), span);
    }
}

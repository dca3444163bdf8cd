package jtracec.spec.object;

import java.util.List;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;

/**
 * One program of an object: its instructions with line info, its type, and the point it attaches
 * to. {@code probe} is the attach point as the script spelled it after expansion
 * (e.g. {@code tracepoint:syscalls:sys_enter_openat}), used by {@code probe} and in messages.
 */
public record BpfProgram(String name, String probe, ProgramType type, AttachPoint attach, List<Insn> insns,
                         LineTable lines, SourceSpan span) {
    public BpfProgram {
        insns = List.copyOf(insns);
        if (lines.size() != insns.size()) {
            throw new IllegalArgumentException("bug: %d instructions but %d line entries".formatted(insns.size(), lines.size()));
        }
    }
}

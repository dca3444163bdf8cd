package jtracec.spec.object;

import java.util.List;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;
import jtracec.spec.source.VariableTable;

/**
 * One program of an object: its instructions with line info, its type, and the sites it attaches
 * to. bpftrace loads one program per probe block and attaches it to every point the block matches
 * unless its code depends on the point (the {@code probe} builtin, tracepoint {@code args} of
 * different layouts), so a program has one or more sites, loaded once and attached at each.
 * {@code probe} names the program in messages and reports: its one site's probe, or the attach
 * points of its block as the script wrote them. {@code variables} says where the script's variables
 * are at each instruction, when the compiler knows.
 */
public record BpfProgram(String name, String probe, ProgramType type, List<AttachSite> sites, List<Insn> insns,
                         LineTable lines, VariableTable variables, SourceSpan span) {
    public BpfProgram {
        sites = List.copyOf(sites);
        insns = List.copyOf(insns);
        if (sites.isEmpty()) throw new IllegalArgumentException("bug: program " + name + " attaches nowhere");
        if (lines.size() != insns.size()) {
            throw new IllegalArgumentException("bug: %d instructions but %d line entries".formatted(insns.size(), lines.size()));
        }
        if (!variables.isEmpty() && variables.size() != insns.size()) {
            throw new IllegalArgumentException("bug: %d instructions but %d variable entries".formatted(insns.size(), variables.size()));
        }
    }

    /** A program with no variable info (hand-written, foreign or mutated bytecode). */
    public BpfProgram(String name, String probe, ProgramType type, List<AttachSite> sites, List<Insn> insns, LineTable lines, SourceSpan span) {
        this(name, probe, type, sites, insns, lines, VariableTable.none(), span);
    }

    /** A program attached at one site, named by that site's probe, with no variable info. */
    public static BpfProgram atOneSite(String name, ProgramType type, AttachSite site, List<Insn> insns, LineTable lines, SourceSpan span) {
        return new BpfProgram(name, site.probe(), type, List.of(site), insns, lines, span);
    }

    /** Whether any site is of this kind (BEGIN and END programs are run, not attached). */
    public boolean attachesAt(Class<? extends AttachPoint> kind) {
        return sites.stream().anyMatch(site -> kind.isInstance(site.point()));
    }
}

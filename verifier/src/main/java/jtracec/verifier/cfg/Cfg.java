package jtracec.verifier.cfg;

import java.util.List;

/**
 * The control-flow graph of one program at instruction granularity. Program counters are slot
 * indices as the kernel counts them; the second slot of a wide load is not an instruction and has
 * no successors. When {@link #malformations()} is empty, every successor is an instruction of the
 * program and every instruction is reachable from pc 0.
 */
public final class Cfg {
    private final List<jtracec.spec.isa.Insn> insns;
    private final boolean[] isSecondSlot;
    private final int[][] successors;
    private final List<Integer> reversePostorder;
    private final List<int[]> backEdges;
    private final List<Malformation> malformations;

    Cfg(List<jtracec.spec.isa.Insn> insns, boolean[] isSecondSlot, int[][] successors, List<Integer> reversePostorder,
        List<int[]> backEdges, List<Malformation> malformations) {
        this.insns = List.copyOf(insns);
        this.isSecondSlot = isSecondSlot.clone();
        this.successors = successors;
        this.reversePostorder = List.copyOf(reversePostorder);
        this.backEdges = List.copyOf(backEdges);
        this.malformations = List.copyOf(malformations);
    }

    public jtracec.spec.isa.Insn insn(int pc) {
        return insns.get(pc);
    }

    public int size() {
        return insns.size();
    }

    public boolean isInstruction(int pc) {
        return pc >= 0 && pc < insns.size() && !isSecondSlot[pc];
    }

    public int[] successors(int pc) {
        return successors[pc].clone();
    }

    /** Reachable instructions such that each comes after all its predecessors along forward edges. */
    public List<Integer> reversePostorder() {
        return reversePostorder;
    }

    /** Edges {from, to} that close a cycle in a depth-first search from pc 0. */
    public List<int[]> backEdges() {
        return backEdges;
    }

    public boolean isBackEdge(int from, int to) {
        return backEdges.stream().anyMatch(e -> e[0] == from && e[1] == to);
    }

    public List<Malformation> malformations() {
        return malformations;
    }

    public boolean isWellFormed() {
        return malformations.isEmpty();
    }
}

package jtracec.compiler.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachSite;
import jtracec.spec.source.SourceSpan;

/**
 * One eBPF program: the code of one probe, attached at one or more concrete attach points
 * ({@code sites}) where that code is the same. The first block is the entry; it takes exactly one
 * parameter, the context pointer the kernel passes in r1. {@code probe} names the function in
 * messages (its one site's probe, or the attach points as the script wrote them);
 * {@code attachSpan} is the attach point in the script, {@code span} the whole probe.
 * {@code variables} names the values the script's variables were assigned (debug info only).
 */
public record Function(String name, String probe, ProgramType programType, List<AttachSite> sites,
                       List<Block> blocks, VariableNames variables, SourceSpan attachSpan, SourceSpan span) {
    public Function {
        sites = List.copyOf(sites);
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) throw new IllegalArgumentException("bug: function " + name + " has no blocks");
        if (sites.isEmpty()) throw new IllegalArgumentException("bug: function " + name + " attaches nowhere");
    }

    /** A function with no variable names (parsed IR, hand-built tests). */
    public Function(String name, String probe, ProgramType programType, List<AttachSite> sites,
                    List<Block> blocks, SourceSpan attachSpan, SourceSpan span) {
        this(name, probe, programType, sites, blocks, VariableNames.none(), attachSpan, span);
    }

    public Function withName(String newName) {
        return new Function(newName, probe, programType, sites, blocks, variables, attachSpan, span);
    }

    /** The same code attached at these sites too, named {@code probe} in messages. */
    public Function withSites(String newProbe, List<AttachSite> newSites) {
        return new Function(name, newProbe, programType, newSites, blocks, variables, attachSpan, span);
    }

    public Block entry() {
        return blocks.get(0);
    }

    public Map<BlockId, Block> blocksById() {
        var byId = new HashMap<BlockId, Block>();
        for (Block block : blocks) byId.put(block.id(), block);
        return byId;
    }

    public Function withBlocks(List<Block> newBlocks) {
        return new Function(name, probe, programType, sites, newBlocks, variables, attachSpan, span);
    }

    /** This function with {@code newBlocks}, less those its entry no longer reaches (after a pass redirected jumps). */
    public Function withReachableBlocks(List<Block> newBlocks) {
        var cfg = new ControlFlow(withBlocks(newBlocks));
        return withBlocks(newBlocks.stream().filter(b -> cfg.isReachable(b.id())).toList());
    }

    public Function withVariables(VariableNames newVariables) {
        return new Function(name, probe, programType, sites, blocks, newVariables, attachSpan, span);
    }

    /** One more than the largest value id in use, for passes that create values. */
    public int nextValueId() {
        int max = -1;
        for (Block block : blocks) {
            for (Value p : block.params()) max = Math.max(max, p.id());
            for (Inst inst : block.body()) {
                if (inst.result().isPresent()) max = Math.max(max, inst.result().get().id());
            }
        }
        return max + 1;
    }

    /** Values used anywhere in the function, by an instruction or a terminator. */
    public java.util.Set<Value> usedValues() {
        var used = new java.util.HashSet<Value>();
        for (Block block : blocks) {
            for (Inst inst : block.body()) used.addAll(inst.operands());
            used.addAll(block.end().operands());
        }
        return used;
    }
}

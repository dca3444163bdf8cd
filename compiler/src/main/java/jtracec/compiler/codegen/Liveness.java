package jtracec.compiler.codegen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.Value;
import jtracec.compiler.codegen.VariableLocations.Point;

/**
 * Which values are live just before each IR instruction and terminator of a function, by backward
 * dataflow over its blocks to a fixed point. Exact per instruction: in SSA a value is live from its
 * definition to its last use on every path. A compare fused into its block's branch is read by the
 * branch, so its operands stay live up to the terminator.
 */
final class Liveness {
    private final Map<Point, Set<Value>> before = new HashMap<>();
    private final Map<BlockId, Set<Value>> liveIn = new HashMap<>();

    private Liveness() {}

    static Liveness of(Function function, Set<Inst.Compare> fused) {
        var liveness = new Liveness();
        List<Block> blocks = function.blocks();
        for (Block b : blocks) liveness.liveIn.put(b.id(), new HashSet<>());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = blocks.size() - 1; i >= 0; i--) {
                Block block = blocks.get(i);
                var live = new HashSet<Value>();
                for (BlockId succ : block.end().successors()) live.addAll(liveness.liveIn.get(succ));
                live.addAll(terminatorUses(block, fused));
                liveness.before.put(new Point(block.id(), block.body().size()), Set.copyOf(live));
                for (int k = block.body().size() - 1; k >= 0; k--) {
                    Inst inst = block.body().get(k);
                    inst.result().ifPresent(live::remove);
                    if (!(inst instanceof Inst.Compare c && fused.contains(c))) live.addAll(inst.operands());
                    liveness.before.put(new Point(block.id(), k), Set.copyOf(live));
                }
                block.params().forEach(live::remove);
                if (!live.equals(liveness.liveIn.get(block.id()))) {
                    liveness.liveIn.put(block.id(), live);
                    changed = true;
                }
            }
        }
        return liveness;
    }

    /** The values live just before instruction {@code index} of the block ({@code index == body size}: its terminator). */
    Set<Value> before(BlockId block, int index) {
        return before.getOrDefault(new Point(block, index), Set.of());
    }

    /** The values live on entry to the block, its parameters aside. */
    Set<Value> liveIn(BlockId block) {
        return liveIn.getOrDefault(block, Set.of());
    }

    /** A fused branch reads the compare's operands, not its result. */
    static List<Value> terminatorUses(Block block, Set<Inst.Compare> fused) {
        if (RegisterAllocator.isFusedBranch(block, fused)) {
            var c = (Inst.Compare) block.body().get(block.body().size() - 1);
            return List.of(c.lhs(), c.rhs());
        }
        return block.end().operands();
    }
}

package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;

/**
 * Makes the blocks that only return the same constant one block: a predicate that fails and the
 * end of the probe both return 0, and each copy costs {@code r0 = 0; exit} where a jump to the one
 * left costs at most a {@code goto} (nothing, when the branch that reached the copy can go there).
 */
public final class ExitMerging implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, ExitMerging::merge);
    }

    private static Function merge(Function function) {
        var constants = new HashMap<Value, Long>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) if (inst instanceof Inst.Const c) constants.put(c.dst(), c.bits());
        }
        var firstReturning = new HashMap<Long, BlockId>();
        var replacement = new HashMap<BlockId, BlockId>();
        for (Block block : function.blocks()) {
            if (block == function.entry()) continue;
            returnedConstant(block, constants).ifPresent(bits -> {
                BlockId kept = firstReturning.putIfAbsent(bits, block.id());
                if (kept != null) replacement.put(block.id(), kept);
            });
        }
        if (replacement.isEmpty()) return function;
        var merged = new ArrayList<Block>();
        for (Block block : function.blocks()) {
            Terminator end = block.end().mapTargets(target -> replacement.getOrDefault(target, target));
            merged.add(new Block(block.id(), block.params(), block.body(), end));
        }
        return function.withReachableBlocks(merged);
    }

    /** The constant a block returns when returning it is all the block does (at most the constant's own definition). */
    private static Optional<Long> returnedConstant(Block block, Map<Value, Long> constants) {
        if (!block.params().isEmpty() || !(block.end() instanceof Terminator.Exit exit)) return Optional.empty();
        boolean onlyTheConstant = block.body().isEmpty()
                || block.body().size() == 1 && block.body().get(0) instanceof Inst.Const c && c.dst().equals(exit.result());
        return onlyTheConstant ? Optional.ofNullable(constants.get(exit.result())) : Optional.empty();
    }
}

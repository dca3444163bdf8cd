package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.Terminator;

/**
 * Sends jumps and branches that reach an empty block (no parameters, no instructions, ending in a
 * jump without arguments) straight to that block's target, and drops the blocks no longer reached.
 * Lowering leaves such blocks where an arm of an {@code if} or a counted-lost test has nothing to
 * do; each one costs a {@code goto} in the bytecode. After it, no jump or branch targets such a block.
 */
public final class JumpThreading implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, JumpThreading::thread);
    }

    private static Function thread(Function function) {
        Map<BlockId, Block> blocks = function.blocksById();
        var threaded = new ArrayList<Block>();
        for (Block block : function.blocks()) {
            // a forwarding block has no parameters, so only a jump without arguments can reach one
            Terminator end = block.end().mapTargets(target -> destination(target, blocks));
            threaded.add(new Block(block.id(), block.params(), block.body(), end));
        }
        return function.withReachableBlocks(threaded);
    }

    /** Where a jump to {@code id} ends up after following empty forwarding blocks (a cycle of them stops where it closes). */
    private static BlockId destination(BlockId id, Map<BlockId, Block> blocks) {
        var seen = new HashSet<BlockId>();
        BlockId at = id;
        while (seen.add(at) && isForwarding(blocks.get(at))) at = ((Terminator.Jump) blocks.get(at).end()).target();
        return at;
    }

    private static boolean isForwarding(Block block) {
        return block.params().isEmpty() && block.body().isEmpty() && block.end() instanceof Terminator.Jump j && j.args().isEmpty();
    }
}

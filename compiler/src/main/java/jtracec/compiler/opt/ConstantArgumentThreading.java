package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;

/**
 * A jump that passes a constant to a block which only branches on that parameter (or on a compare
 * of it with a constant) goes straight to the arm the comparison picks. Lowering makes such blocks where a map
 * read joins its "absent" arm (the value 0) with the value read, and a predicate tests the result:
 * the absent arm now leaves at once, so the body is reached only where the lookup found the key,
 * which later passes see (range folding drops a second null test of the same pointer). Applies only
 * when nothing outside the tested block reads its parameters or the values it defines, so no use
 * loses its definition. After it, no jump passes a constant to such a block.
 */
public final class ConstantArgumentThreading implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, ConstantArgumentThreading::thread);
    }

    private static Function thread(Function function) {
        var constants = new HashMap<Value, Long>();
        var usedOutside = new HashMap<Value, Set<BlockId>>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.Const c) constants.put(c.dst(), c.bits());
                for (Value v : inst.operands()) usedOutside.computeIfAbsent(v, k -> new HashSet<>()).add(block.id());
            }
            for (Value v : block.end().operands()) usedOutside.computeIfAbsent(v, k -> new HashSet<>()).add(block.id());
        }
        Map<BlockId, Block> byId = function.blocksById();
        var blocks = new ArrayList<Block>();
        boolean changed = false;
        for (Block block : function.blocks()) {
            Terminator end = block.end();
            if (end instanceof Terminator.Jump j) {
                Optional<BlockId> decided = decidedTarget(byId.get(j.target()), j.args(), constants, usedOutside);
                if (decided.isPresent()) {
                    end = new Terminator.Jump(decided.get(), List.of(), j.span());
                    changed = true;
                }
            }
            blocks.add(new Block(block.id(), block.params(), block.body(), end));
        }
        if (!changed) return function;
        return function.withReachableBlocks(blocks);
    }

    /** Where {@code target} sends these arguments, when it only tests one of its parameters against a constant. */
    private static Optional<BlockId> decidedTarget(Block target, List<Value> args, Map<Value, Long> constants,
                                                   Map<Value, Set<BlockId>> usedOutside) {
        if (!(target.end() instanceof Terminator.Branch b)) return Optional.empty();
        var local = new ArrayList<>(target.params());
        target.body().forEach(inst -> inst.result().ifPresent(local::add));
        for (Value v : local) {
            if (!usedOutside.getOrDefault(v, Set.of()).stream().allMatch(target.id()::equals)) return Optional.empty();
        }
        List<Inst> body = target.body();
        if (body.isEmpty()) {
            // a branch on the parameter itself: taken when it is not zero
            return argument(b.cond(), target, args, constants).map(v -> v != 0 ? b.ifTrue() : b.ifFalse());
        }
        if (!(body.get(body.size() - 1) instanceof Inst.Compare c) || !c.dst().equals(b.cond())) return Optional.empty();
        for (Inst inst : body.subList(0, body.size() - 1)) {
            if (!(inst instanceof Inst.Const)) return Optional.empty();
        }
        Optional<Long> lhs = argument(c.lhs(), target, args, constants);
        Optional<Long> rhs = argument(c.rhs(), target, args, constants);
        if (lhs.isEmpty() || rhs.isEmpty()) return Optional.empty();
        return Optional.of(c.op().test(lhs.get(), rhs.get()) ? b.ifTrue() : b.ifFalse());
    }

    private static Optional<Long> argument(Value v, Block target, List<Value> args, Map<Value, Long> constants) {
        int param = target.params().indexOf(v);
        Value actual = param >= 0 ? args.get(param) : v;
        return Optional.ofNullable(constants.get(actual));
    }
}

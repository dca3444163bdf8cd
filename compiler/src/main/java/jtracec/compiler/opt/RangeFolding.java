package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.Optional;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;

/**
 * Replaces each compare whose outcome the operands' {@link ValueRanges} decide by the constant 0
 * or 1: a u32 field tested {@code s< 0}, a quotient tested against a bound it cannot reach, a
 * bucket step that cannot fire. {@link ConstantFolding}, run after it, turns the branches on those
 * constants into jumps and drops the arms that can no longer run.
 */
public final class RangeFolding implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, RangeFolding::fold);
    }

    private static Function fold(Function function) {
        var ranges = new ValueRanges(function);
        var blocks = new ArrayList<Block>();
        for (Block block : function.blocks()) {
            var body = new ArrayList<Inst>();
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.Compare c) {
                    Optional<UnsignedRange> l = ranges.at(c.lhs(), block.id());
                    Optional<UnsignedRange> r = ranges.at(c.rhs(), block.id());
                    Optional<Boolean> outcome = l.isPresent() && r.isPresent() ? UnsignedRange.decide(c.op(), l.get(), r.get()) : Optional.empty();
                    if (outcome.isPresent()) {
                        body.add(new Inst.Const(c.dst(), outcome.get() ? 1 : 0, c.span()));
                        continue;
                    }
                }
                body.add(inst);
            }
            blocks.add(new Block(block.id(), block.params(), body, block.end()));
        }
        return function.withBlocks(blocks);
    }
}

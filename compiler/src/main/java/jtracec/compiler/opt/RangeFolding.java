package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;

/**
 * Replaces each compare whose outcome the operands' {@link ValueRanges} decide by the constant 0
 * or 1: a u32 field tested {@code s< 0}, a quotient tested against a bound it cannot reach, a
 * bucket step that cannot fire. Arithmetic whose result the ranges fix becomes that constant (a
 * shift that pushes out every bit the value can have), and a mask or remainder that cannot change
 * its operand becomes a copy of it ({@code x & 0xffffffff} on a zero-extended u32 load).
 * {@link ConstantFolding} and {@link CopyPropagation}, run after it, turn the branches on those
 * constants into jumps, drop the arms that can no longer run and the copies.
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
                body.add(simplified(inst, ranges, block));
            }
            blocks.add(new Block(block.id(), block.params(), body, block.end()));
        }
        return function.withBlocks(blocks);
    }

    private static Inst simplified(Inst inst, ValueRanges ranges, Block block) {
        List<Optional<UnsignedRange>> operands = inst.operands().stream().map(v -> ranges.at(v, block.id())).toList();
        if (operands.stream().anyMatch(Optional::isEmpty)) return inst;
        return switch (inst) {
            case Inst.Compare c -> UnsignedRange.decide(c.op(), operands.get(0).get(), operands.get(1).get())
                    .<Inst>map(holds -> new Inst.Const(c.dst(), holds ? 1 : 0, c.span())).orElse(c);
            case Inst.Alu a -> {
                UnsignedRange l = operands.get(0).get();
                UnsignedRange r = operands.get(1).get();
                UnsignedRange result = UnsignedRange.apply(a.op(), l, r);
                if (result.isConstant()) yield new Inst.Const(a.dst(), result.low(), a.span());
                boolean keepsLeft = switch (a.op()) {
                    case AND -> r.isConstant() && (UnsignedRange.allOnesUpTo(l.high()) & ~r.low()) == 0;
                    case UMOD -> r.isConstant() && Long.compareUnsigned(l.high(), r.low()) < 0;
                    default -> false;
                };
                yield keepsLeft ? new Inst.Copy(a.dst(), a.lhs(), a.span()) : a;
            }
            default -> inst;
        };
    }
}

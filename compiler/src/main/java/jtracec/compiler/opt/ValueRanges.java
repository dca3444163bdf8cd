package jtracec.compiler.opt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.CmpOp;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrType;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.spec.object.Signedness;

/**
 * The unsigned interval each value of a function can take. Sources of knowledge: constants,
 * zero-extending loads narrower than 8 bytes, 32-bit helper results, compares (0 or 1), and the
 * branches a block is reached through: in a block whose only predecessor ends in
 * {@code branch (x op c)}, x is known to satisfy (or, on the false edge, to fail) {@code op c}, and so
 * in every block reached only through it. Arithmetic carries ranges forward ({@link UnsignedRange#apply});
 * a block parameter takes the union of what its jumps pass. Loops iterate to a fixed point; a
 * parameter that keeps growing is widened to every value, so the analysis ends.
 */
final class ValueRanges {
    /** After this many growths a loop parameter is assumed to take any value. */
    private static final int WIDENING_LIMIT = 4;

    private final Map<Value, UnsignedRange> ranges = new HashMap<>();
    /** Per block: what its dominating branch edges say about values defined before it. */
    private final Map<BlockId, Map<Value, UnsignedRange>> narrowed = new HashMap<>();
    private final Map<Value, Inst> definitions = new HashMap<>();

    ValueRanges(Function function) {
        var cfg = new ControlFlow(function);
        Map<BlockId, Block> blocks = function.blocksById();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) inst.result().ifPresent(v -> definitions.put(v, inst));
        }
        var growths = new HashMap<Value, Integer>();
        ranges.put(function.entry().params().get(0), UnsignedRange.FULL);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (BlockId id : cfg.reversePostorder()) {
                Block block = blocks.get(id);
                narrowed.put(id, narrowingOnEntry(id, cfg, blocks));
                if (id.equals(function.entry().id())) {
                    // the entry's one parameter is the context pointer
                } else {
                    changed |= joinParams(block, cfg, blocks, growths);
                }
                for (Inst inst : block.body()) {
                    if (inst.result().isEmpty()) continue;
                    Optional<UnsignedRange> r = transfer(inst, id);
                    if (r.isEmpty()) continue;
                    if (!r.get().equals(ranges.put(inst.result().get(), r.get()))) changed = true;
                }
            }
        }
    }

    /** The range of {@code v} where {@code block} runs; empty when nothing reaching it defines v yet (unreachable code). */
    Optional<UnsignedRange> at(Value v, BlockId block) {
        UnsignedRange local = narrowed.getOrDefault(block, Map.of()).get(v);
        return local != null ? Optional.of(local) : Optional.ofNullable(ranges.get(v));
    }

    private boolean joinParams(Block block, ControlFlow cfg, Map<BlockId, Block> blocks, Map<Value, Integer> growths) {
        boolean changed = false;
        for (int i = 0; i < block.params().size(); i++) {
            Value param = block.params().get(i);
            Optional<UnsignedRange> joined = Optional.empty();
            for (BlockId pred : cfg.predecessors(block.id())) {
                if (!(blocks.get(pred).end() instanceof Terminator.Jump j)) continue;
                Optional<UnsignedRange> arg = at(j.args().get(i), pred);
                if (arg.isPresent()) joined = Optional.of(joined.map(r -> r.union(arg.get())).orElse(arg.get()));
            }
            if (joined.isEmpty()) continue;
            UnsignedRange r = param.type() == IrType.I64 ? joined.get() : UnsignedRange.FULL;
            UnsignedRange old = ranges.get(param);
            if (r.equals(old)) continue;
            if (old != null && growths.merge(param, 1, Integer::sum) > WIDENING_LIMIT) r = UnsignedRange.FULL;
            if (!r.equals(old)) {
                ranges.put(param, r);
                changed = true;
            }
        }
        return changed;
    }

    /** What holds on entry to {@code id}: its single predecessor's knowledge plus that edge's branch condition. */
    private Map<Value, UnsignedRange> narrowingOnEntry(BlockId id, ControlFlow cfg, Map<BlockId, Block> blocks) {
        List<BlockId> preds = cfg.predecessors(id);
        if (preds.size() != 1) return Map.of();
        BlockId pred = preds.get(0);
        var result = new HashMap<>(narrowed.getOrDefault(pred, Map.of()));
        if (blocks.get(pred).end() instanceof Terminator.Branch b && !b.ifTrue().equals(b.ifFalse())
                && definitions.get(b.cond()) instanceof Inst.Compare c) {
            var op = b.ifTrue().equals(id) ? c.op() : c.op().negate();
            narrow(result, c.lhs(), op, c.rhs(), pred);
            narrow(result, c.rhs(), op.swapped(), c.lhs(), pred);
        }
        return result;
    }

    private void narrow(Map<Value, UnsignedRange> into, Value x, CmpOp op, Value other, BlockId where) {
        Optional<UnsignedRange> bound = at(other, where);
        Optional<UnsignedRange> current = at(x, where);
        if (bound.isEmpty() || !bound.get().isConstant() || current.isEmpty()) return;
        // pointers narrow too: a map value tested non-null once is non-null where that test dominates;
        // an edge no value can take is dead code, and keeping the old range there is still sound
        current.get().where(op, bound.get().low()).ifPresent(r -> into.put(x, r));
    }


    /** The range of an instruction's result, or empty while an operand has none yet (a loop not yet reached). */
    private Optional<UnsignedRange> transfer(Inst inst, BlockId where) {
        if (inst.result().orElseThrow().type() != IrType.I64) return Optional.of(UnsignedRange.FULL);
        return switch (inst) {
            case Inst.Const c -> Optional.of(UnsignedRange.of(c.bits()));
            case Inst.Copy c -> at(c.src(), where);
            case Inst.Compare c -> Optional.of(new UnsignedRange(0, 1));
            case Inst.Load l -> Optional.of(l.signedness() == Signedness.UNSIGNED ? UnsignedRange.zeroExtended(l.width()) : UnsignedRange.FULL);
            case Inst.Alu a -> {
                Optional<UnsignedRange> l = at(a.lhs(), where);
                Optional<UnsignedRange> r = at(a.rhs(), where);
                yield l.isPresent() && r.isPresent() ? Optional.of(UnsignedRange.apply(a.op(), l.get(), r.get())) : Optional.empty();
            }
            case Inst.Call c -> Optional.of(switch (c.helper()) {
                case GET_PRANDOM_U32, GET_SMP_PROCESSOR_ID -> UnsignedRange.U32;
                default -> UnsignedRange.FULL;
            });
            default -> Optional.of(UnsignedRange.FULL);
        };
    }
}

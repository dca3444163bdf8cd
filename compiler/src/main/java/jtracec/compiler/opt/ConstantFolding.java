package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;

/**
 * Evaluates arithmetic and comparisons on constants with eBPF's semantics, rewrites algebraic
 * identities (x+0, x*1, x|0, x<<0, ...) to copies, turns branches on constants into jumps and
 * drops the blocks that become unreachable. After it, no Alu or Compare has two constant operands.
 */
public final class ConstantFolding implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, this::fold);
    }

    private Function fold(Function function) {
        var constants = new HashMap<Value, Long>();
        List<Block> blocks = function.blocks();
        boolean changed = true;
        while (changed) {
            changed = false;
            var next = new ArrayList<Block>();
            for (Block block : blocks) {
                var body = new ArrayList<Inst>();
                for (Inst inst : block.body()) {
                    Inst folded = foldInst(inst, constants);
                    if (!folded.equals(inst)) changed = true;
                    if (folded instanceof Inst.Const c) constants.put(c.dst(), c.bits());
                    body.add(folded);
                }
                Terminator end = block.end();
                if (end instanceof Terminator.Branch b && constants.containsKey(b.cond())) {
                    end = new Terminator.Jump(constants.get(b.cond()) != 0 ? b.ifTrue() : b.ifFalse(), List.of(), b.span());
                    changed = true;
                }
                next.add(new Block(block.id(), block.params(), body, end));
            }
            blocks = next;
        }
        Function result = function.withBlocks(blocks);
        var reachable = new HashSet<>(new ControlFlow(result).reversePostorder());
        return result.withBlocks(blocks.stream().filter(b -> reachable.contains(b.id())).toList());
    }

    private static Inst foldInst(Inst inst, Map<Value, Long> constants) {
        return switch (inst) {
            case Inst.Alu a -> {
                Optional<Long> l = Optional.ofNullable(constants.get(a.lhs()));
                Optional<Long> r = Optional.ofNullable(constants.get(a.rhs()));
                if (l.isPresent() && r.isPresent()) yield new Inst.Const(a.dst(), a.op().apply(l.get(), r.get()), a.span());
                if (r.isPresent() && isRightIdentity(a.op(), r.get())) yield new Inst.Copy(a.dst(), a.lhs(), a.span());
                if (l.isPresent() && isLeftIdentity(a.op(), l.get())) yield new Inst.Copy(a.dst(), a.rhs(), a.span());
                yield a;
            }
            case Inst.Compare c -> {
                Long l = constants.get(c.lhs());
                Long r = constants.get(c.rhs());
                if (l != null && r != null) yield new Inst.Const(c.dst(), c.op().test(l, r) ? 1 : 0, c.span());
                yield c;
            }
            case Inst.Copy c when constants.containsKey(c.src()) -> new Inst.Const(c.dst(), constants.get(c.src()), c.span());
            default -> inst;
        };
    }

    private static boolean isRightIdentity(AluOp op, long r) {
        return switch (op) {
            case ADD, SUB, OR, XOR, SHL, LSHR, ASHR -> r == 0;
            case MUL, UDIV -> r == 1;
            case AND -> r == -1;
            case UMOD -> false;
        };
    }

    private static boolean isLeftIdentity(AluOp op, long l) {
        return switch (op) {
            case ADD, OR, XOR -> l == 0;
            case MUL -> l == 1;
            case AND -> l == -1;
            case SUB, UDIV, UMOD, SHL, LSHR, ASHR -> false;
        };
    }
}

package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;

/**
 * Removes unreachable blocks, instructions without side effects whose results are unused, unused
 * block parameters (with their jump arguments), and stack buffers that are only ever written.
 * After it, every remaining value is read or has an effect.
 */
public final class DeadCodeElimination implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, this::eliminate);
    }

    private Function eliminate(Function function) {
        Function current = reachableOnly(function);
        while (true) {
            Function next = sweep(current);
            if (next.equals(current)) return current;
            current = next;
        }
    }

    private static Function reachableOnly(Function function) {
        var reachable = new HashSet<>(new ControlFlow(function).reversePostorder());
        return function.withBlocks(function.blocks().stream().filter(b -> reachable.contains(b.id())).toList());
    }

    private Function sweep(Function function) {
        Set<Value> writeOnly = writeOnlyBuffers(function);
        Set<Value> live = liveValues(function, writeOnly);
        Map<BlockId, Set<Integer>> droppedParams = new HashMap<>();
        for (Block block : function.blocks().subList(1, function.blocks().size())) {
            for (int i = 0; i < block.params().size(); i++) {
                if (!live.contains(block.params().get(i))) {
                    droppedParams.computeIfAbsent(block.id(), k -> new HashSet<>()).add(i);
                }
            }
        }
        var blocks = new ArrayList<Block>();
        for (Block block : function.blocks()) {
            Set<Integer> dropped = droppedParams.getOrDefault(block.id(), Set.of());
            var params = new ArrayList<Value>();
            for (int i = 0; i < block.params().size(); i++) {
                if (!dropped.contains(i)) params.add(block.params().get(i));
            }
            var body = new ArrayList<Inst>();
            for (Inst inst : block.body()) {
                if (isDeadStore(inst, writeOnly)) continue;
                boolean unusedResult = inst.result().isPresent() && !live.contains(inst.result().get());
                if (unusedResult && !inst.hasSideEffects()) continue;
                body.add(inst);
            }
            Terminator end = block.end();
            if (end instanceof Terminator.Jump j && droppedParams.containsKey(j.target())) {
                end = j.withoutArgs(droppedParams.get(j.target()));
            }
            blocks.add(new Block(block.id(), params, body, end));
        }
        return function.withBlocks(blocks);
    }

    /**
     * Mark phase: values an effect, a branch or an exit needs, closed over the operands of their
     * definitions and, for a block parameter, the arguments every jump passes it. A loop-carried
     * value nobody else reads is therefore dead.
     */
    private static Set<Value> liveValues(Function function, Set<Value> writeOnly) {
        var definitions = new HashMap<Value, Inst>();
        var incoming = new HashMap<Value, List<Value>>();
        var work = new ArrayList<Value>();
        Map<BlockId, Block> byId = function.blocksById();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                inst.result().ifPresent(v -> definitions.put(v, inst));
                if (inst.hasSideEffects() && !isDeadStore(inst, writeOnly)) work.addAll(inst.operands());
            }
            switch (block.end()) {
                case Terminator.Jump j -> {
                    List<Value> params = byId.get(j.target()).params();
                    for (int i = 0; i < params.size(); i++) {
                        incoming.computeIfAbsent(params.get(i), k -> new ArrayList<>()).add(j.args().get(i));
                    }
                }
                case Terminator.Branch b -> work.add(b.cond());
                case Terminator.Exit e -> work.add(e.result());
            }
        }
        work.add(function.entry().params().get(0));
        var live = new HashSet<Value>();
        while (!work.isEmpty()) {
            Value v = work.remove(work.size() - 1);
            if (!live.add(v)) continue;
            if (definitions.containsKey(v)) work.addAll(definitions.get(v).operands());
            work.addAll(incoming.getOrDefault(v, List.of()));
        }
        return live;
    }

    private static boolean isDeadStore(Inst inst, Set<Value> writeOnly) {
        return inst instanceof Inst.Store s && writeOnly.contains(s.base());
    }

    /** Stack slots (and offsets into them) whose only uses are as the address of a Store. */
    private static Set<Value> writeOnlyBuffers(Function function) {
        var candidates = new HashSet<Value>();
        var parent = new HashMap<Value, Value>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.StackSlot s) candidates.add(s.dst());
            }
        }
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.Offset o) parent.put(o.dst(), o.base());
            }
        }
        var escaped = new HashSet<Value>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                List<Value> reads = switch (inst) {
                    case Inst.Store s -> List.of(s.value());
                    case Inst.Offset o -> List.of();
                    default -> inst.operands();
                };
                for (Value v : reads) escaped.add(root(v, parent));
            }
            for (Value v : block.end().operands()) escaped.add(root(v, parent));
        }
        var writeOnly = new HashSet<Value>();
        for (Value slot : candidates) {
            if (!escaped.contains(slot)) writeOnly.add(slot);
        }
        for (Value offset : parent.keySet()) {
            if (writeOnly.contains(root(offset, parent))) writeOnly.add(offset);
        }
        return writeOnly;
    }

    private static Value root(Value v, Map<Value, Value> parent) {
        Value r = v;
        while (parent.containsKey(r)) r = parent.get(r);
        return r;
    }
}

package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Replaces every use of a copy by its source, and every block parameter that receives the same
 * value on all incoming jumps (or itself, around a loop) by that value. After it, the function has
 * no Copy instructions and no such trivial parameters.
 */
public final class CopyPropagation implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, this::propagate);
    }

    private Function propagate(Function function) {
        var replace = new HashMap<Value, Value>();
        Function current = function;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Block block : current.blocks()) {
                for (Inst inst : block.body()) {
                    if (inst instanceof Inst.Copy c && !replace.containsKey(c.dst())) {
                        replace.put(c.dst(), c.src());
                        changed = true;
                    }
                }
            }
            Map<BlockId, Set<Integer>> trivial = trivialParams(current, replace);
            if (!trivial.isEmpty()) changed = true;
            current = rewrite(current, replace, trivial);
        }
        return current.withVariables(current.variables().replaced(v -> resolve(v, replace)));
    }

    private static Value resolve(Value v, Map<Value, Value> replace) {
        Value r = v;
        while (replace.containsKey(r)) r = replace.get(r);
        return r;
    }

    /** Parameters whose incoming arguments are all one value besides the parameter itself; records the replacement. */
    private static Map<BlockId, Set<Integer>> trivialParams(Function function, Map<Value, Value> replace) {
        var incoming = new HashMap<BlockId, List<List<Value>>>();
        for (Block block : function.blocks()) {
            if (block.end() instanceof Terminator.Jump j) {
                incoming.computeIfAbsent(j.target(), k -> new ArrayList<>())
                        .add(j.args().stream().map(v -> resolve(v, replace)).toList());
            }
        }
        var trivial = new HashMap<BlockId, Set<Integer>>();
        for (Block block : function.blocks()) {
            List<List<Value>> calls = incoming.getOrDefault(block.id(), List.of());
            if (calls.isEmpty()) continue;
            for (int i = 0; i < block.params().size(); i++) {
                Value param = block.params().get(i);
                var sources = new HashSet<Value>();
                for (List<Value> args : calls) {
                    if (!args.get(i).equals(param)) sources.add(args.get(i));
                }
                if (sources.size() == 1) {
                    replace.put(param, sources.iterator().next());
                    trivial.computeIfAbsent(block.id(), k -> new HashSet<>()).add(i);
                }
            }
        }
        return trivial;
    }

    private static Function rewrite(Function function, Map<Value, Value> replace, Map<BlockId, Set<Integer>> trivial) {
        var blocks = new ArrayList<Block>();
        for (Block block : function.blocks()) {
            Set<Integer> dropped = trivial.getOrDefault(block.id(), Set.of());
            var params = new ArrayList<Value>();
            for (int i = 0; i < block.params().size(); i++) {
                if (!dropped.contains(i)) params.add(block.params().get(i));
            }
            var body = new ArrayList<Inst>();
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.Copy) continue;
                body.add(inst.mapOperands(v -> resolve(v, replace)));
            }
            Terminator end = block.end().mapOperands(v -> resolve(v, replace));
            if (end instanceof Terminator.Jump j && trivial.containsKey(j.target())) {
                end = j.withoutArgs(trivial.get(j.target()));
            }
            blocks.add(new Block(block.id(), params, body, end));
        }
        return function.withBlocks(blocks);
    }
}

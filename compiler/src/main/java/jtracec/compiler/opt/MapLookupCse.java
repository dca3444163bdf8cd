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
import jtracec.compiler.ir.IrType;
import jtracec.compiler.ir.Value;
import jtracec.spec.helper.HelperId;

/**
 * Redundant map-lookup elimination. Two lookups in one map are the same when their keys are stack
 * buffers written only by the same stores of the same values, and no update or delete of that
 * map can run between them: on no path from the first to the second (a predicate's
 * {@code @start[tid]} and the body's read of it, before the body deletes it). To make keys comparable, it first numbers
 * the values keys are built from: arithmetic, context loads (the context is read-only) and helpers
 * whose result is fixed for one run of a program (pid/tgid, uid/gid, cpu, cgroup, task).
 *
 * <p>After it, a dominated lookup with an equal key reuses the dominating lookup's result. Compares
 * are left alone: each must stay next to its branch so codegen can fuse the null check.
 */
public final class MapLookupCse implements IrPass {
    @Override
    public IrModule run(IrModule module) {
        return IrPass.perFunction(module, this::eliminate);
    }

    private record Available(Value value, BlockId block, int index) {}

    private Function eliminate(Function function) {
        var cfg = new ControlFlow(function);
        Map<BlockId, Block> blocks = function.blocksById();
        Set<Value> plainKeys = keysWrittenOnlyByStores(function);
        Set<Integer> updatedMaps = new HashSet<>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.MapUpdate u) updatedMaps.add(u.map());
                if (inst instanceof Inst.MapDelete d) updatedMaps.add(d.map());
            }
        }
        var replace = new HashMap<Value, Value>();
        var available = new HashMap<List<Object>, List<Available>>();
        var newBlocks = new HashMap<BlockId, Block>();
        var writes = new MapWrites(function, cfg);
        for (BlockId id : cfg.reversePostorder()) {
            Block block = blocks.get(id);
            var keyStores = new HashMap<Value, List<List<Object>>>();
            var localLookups = new HashMap<List<Object>, Value>();
            var body = new ArrayList<Inst>();
            for (int index = 0; index < block.body().size(); index++) {
                Inst original = block.body().get(index);
                int at = index;
                Inst inst = original.mapOperands(v -> replace.getOrDefault(v, v));
                if (inst instanceof Inst.StackSlot s) keyStores.put(s.dst(), new ArrayList<>());
                if (inst instanceof Inst.Store s && keyStores.containsKey(s.base())) {
                    keyStores.get(s.base()).add(List.of(s.offset(), s.width(), s.value()));
                }
                if (inst instanceof Inst.MapUpdate u) localLookups.keySet().removeIf(k -> k.get(1).equals(u.map()));
                if (inst instanceof Inst.MapDelete d) localLookups.keySet().removeIf(k -> k.get(1).equals(d.map()));
                if (inst instanceof Inst.MapLookup m && plainKeys.contains(m.key()) && keyStores.containsKey(m.key())) {
                    List<Object> key = List.of("lookup", m.map(), List.copyOf(keyStores.get(m.key())));
                    if (localLookups.containsKey(key)) {
                        replace.put(m.dst(), localLookups.get(key));
                        continue;
                    }
                    var unchanged = java.util.Optional.ofNullable(available.get(key)).orElse(List.of()).stream()
                            .filter(a -> cfg.dominates(a.block(), id)
                                    && (!updatedMaps.contains(m.map()) || !writes.between(m.map(), a.block(), a.index(), id, at)))
                            .findFirst();
                    if (unchanged.isPresent()) {
                        replace.put(m.dst(), unchanged.get().value());
                        continue;
                    }
                    available.computeIfAbsent(key, k -> new ArrayList<>()).add(new Available(m.dst(), id, at));
                    localLookups.put(key, m.dst());
                }
                var number = valueNumber(inst);
                if (number.isPresent()) {
                    var found = dominating(available.get(number.get()), id, cfg);
                    if (found.isPresent()) {
                        replace.put(inst.result().orElseThrow(), found.get());
                        continue;
                    }
                    available.computeIfAbsent(number.get(), k -> new ArrayList<>())
                            .add(new Available(inst.result().orElseThrow(), id, at));
                }
                body.add(inst);
            }
            newBlocks.put(id, new Block(id, block.params(), body, block.end()));
        }
        var result = new ArrayList<Block>();
        for (Block block : function.blocks()) {
            Block b = newBlocks.getOrDefault(block.id(), block);
            var body = b.body().stream().map(i -> i.mapOperands(v -> replace.getOrDefault(v, v))).toList();
            result.add(new Block(b.id(), b.params(), body, b.end().mapOperands(v -> replace.getOrDefault(v, v))));
        }
        return function.withBlocks(result).withVariables(function.variables().replaced(v -> replace.getOrDefault(v, v)));
    }

    private static java.util.Optional<Value> dominating(List<Available> candidates, BlockId at, ControlFlow cfg) {
        if (candidates == null) return java.util.Optional.empty();
        return candidates.stream().filter(a -> cfg.dominates(a.block(), at)).map(Available::value).findFirst();
    }

    private static java.util.Optional<List<Object>> valueNumber(Inst inst) {
        return switch (inst) {
            case Inst.Alu a -> java.util.Optional.of(List.of("alu", a.op(), a.lhs(), a.rhs()));
            case Inst.Const c -> java.util.Optional.of(List.of("const", c.bits()));
            case Inst.Load l when l.base().type() == IrType.CTX ->
                    java.util.Optional.of(List.of("ctx", l.base(), l.offset(), l.width(), l.signedness()));
            case Inst.Call c when c.args().isEmpty() && isFixedPerRun(c.helper()) ->
                    java.util.Optional.of(List.of("call", c.helper()));
            default -> java.util.Optional.empty();
        };
    }

    private static boolean isFixedPerRun(HelperId helper) {
        return switch (helper) {
            case GET_CURRENT_PID_TGID, GET_CURRENT_UID_GID, GET_SMP_PROCESSOR_ID, GET_CURRENT_CGROUP_ID,
                 GET_CURRENT_TASK, GET_CURRENT_TASK_BTF -> true;
            default -> false;
        };
    }

    /** Stack slots whose only uses are as a Store address or a map key: nothing else writes them. */
    private static Set<Value> keysWrittenOnlyByStores(Function function) {
        var slots = new HashSet<Value>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.StackSlot s) slots.add(s.dst());
            }
        }
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                List<Value> escaping = switch (inst) {
                    case Inst.Store s -> List.of(s.value());
                    case Inst.MapLookup m -> List.of();
                    case Inst.MapDelete d -> List.of();
                    case Inst.MapUpdate u -> List.of(u.value());
                    default -> inst.operands();
                };
                escaping.forEach(slots::remove);
            }
            block.end().operands().forEach(slots::remove);
        }
        return slots;
    }
}

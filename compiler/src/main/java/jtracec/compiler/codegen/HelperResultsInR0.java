package jtracec.compiler.codegen;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.spec.isa.Reg;

/**
 * Helper results that stay in r0, where the helper leaves them, instead of moving to r6..r9 (one
 * {@code mov} saved per result): a map lookup's pointer tested and used before the next call, a
 * {@code bpf_get_func_ip} stored straight into a key. That is right only while nothing the selector
 * emits for the result's lifetime writes r0, and which instructions write r0 depends on the homes
 * of the others: a value without a register is computed in r0, the selector's first scratch
 * register. So the allocator takes every {@link #candidates candidate}, this class {@link #clobbered
 * checks} the finished allocation against what {@link InstructionSelector} emits, and the
 * allocation is redone without the results it names until it names none (the set only shrinks).
 */
final class HelperResultsInR0 {
    private HelperResultsInR0() {}

    /** Every result of a helper call that something reads. */
    static Set<Value> candidates(Function function) {
        var read = new HashSet<Value>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) read.addAll(inst.operands());
            read.addAll(block.end().operands());
        }
        var results = new HashSet<Value>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (isHelperCall(inst)) inst.result().filter(read::contains).ifPresent(results::add);
            }
        }
        return results;
    }

    /** The values of {@code inR0} that some instruction or terminator would overwrite while they are live. */
    static Set<Value> clobbered(Function function, Liveness liveness, Set<Inst.Compare> fused, Map<Value, Home> homes,
            Set<Value> inR0) {
        var broken = new HashSet<Value>();
        for (Block block : function.blocks()) {
            List<Inst> body = block.body();
            for (int k = 0; k < body.size(); k++) {
                Inst inst = body.get(k);
                if (!writesR0(inst, fused, homes)) continue;
                // live after it, or read by it: a helper call reads its arguments into r1..r5 before
                // r0 comes back, every other writer may write r0 before its operands are read
                for (Value v : liveness.before(block.id(), k + 1)) if (inR0.contains(v) && !isResult(inst, v)) broken.add(v);
                if (!isHelperCall(inst)) for (Value v : inst.operands()) if (inR0.contains(v)) broken.add(v);
            }
            if (block.end() instanceof Terminator.Jump j && breaksACycleThroughR0(j, function, homes)) {
                for (Value v : liveness.liveIn(j.target())) if (inR0.contains(v)) broken.add(v);
                for (Value v : j.args()) if (inR0.contains(v)) broken.add(v);
            }
        }
        return broken;
    }

    private static boolean isResult(Inst inst, Value v) {
        return inst.result().filter(v::equals).isPresent();
    }

    /** Whether the selection of {@code inst} writes r0, given the homes: see {@link InstructionSelector}. */
    private static boolean writesR0(Inst inst, Set<Inst.Compare> fused, Map<Value, Home> homes) {
        return switch (inst) {
            case Inst.Const c -> false;
            case Inst.StackSlot s -> false;
            case Inst.Store s -> false;
            case Inst.Copy c -> (homes.get(c.dst()) instanceof Home.Register || homes.get(c.dst()) instanceof Home.Spill)
                    && !(homes.get(c.src()) instanceof Home.Register);
            case Inst.Offset o -> !(homes.get(o.dst()) instanceof Home.Frame) && !inRegisterOtherThanR0(o.dst(), homes);
            case Inst.Alu a -> !inRegisterOtherThanR0(a.dst(), homes);
            case Inst.Load l -> !inRegisterOtherThanR0(l.dst(), homes);
            // a fused compare is selected as the branch, which uses r1 and r2 as scratch
            case Inst.Compare c -> !fused.contains(c) && !inRegisterOtherThanR0(c.dst(), homes);
            case Inst.MapValueAdd a -> true;
            default -> isHelperCall(inst);
        };
    }

    private static boolean inRegisterOtherThanR0(Value v, Map<Value, Home> homes) {
        return homes.get(v) instanceof Home.Register r && r.reg() != Reg.R0;
    }

    /** Jump arguments are moved as if at once; two or more moves may form a cycle, broken through r0. */
    private static boolean breaksACycleThroughR0(Terminator.Jump jump, Function function, Map<Value, Home> homes) {
        Map<BlockId, Block> blocks = function.blocksById();
        List<Value> params = blocks.get(jump.target()).params();
        int moves = 0;
        for (int i = 0; i < jump.args().size(); i++) {
            Home to = homes.get(params.get(i));
            if (!(to instanceof Home.Unused) && !to.equals(homes.get(jump.args().get(i)))) moves++;
        }
        return moves >= 2;
    }

    static boolean isHelperCall(Inst inst) {
        return switch (inst) {
            case Inst.MapLookup m -> true;
            case Inst.MapUpdate m -> true;
            case Inst.MapDelete m -> true;
            case Inst.RingbufOutput r -> true;
            case Inst.StackId s -> true;
            case Inst.Call c -> true;
            default -> false;
        };
    }
}

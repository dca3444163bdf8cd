package jtracec.compiler.codegen;

import java.util.HashMap;
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
 * Short-lived values homed in the caller-saved registers r0..r5 instead of r6..r9, each saving the
 * {@code mov} that would put it where it is needed: a helper's result stays in r0, where the helper
 * leaves it (a map lookup's pointer tested and used before the next call), and so does arithmetic on
 * it (a pid shifted out of bpf_get_current_pid_tgid's result), and a value whose one use
 * is argument {@code i} of a helper call is computed straight into r(1+i) (a pointer into join's
 * record, a string's address). That is right only while nothing the selector emits during the
 * value's life writes its register, and what the selector writes depends on the homes of the others
 * (a value without a register is computed in r0, operands are loaded into r1 and r2). So the
 * allocator takes every {@link #proposals proposal}, {@link #clobbered} checks the finished
 * allocation against what {@link InstructionSelector} emits, and the allocation is redone without
 * the values it names until it names none: the set only shrinks.
 */
final class CallerSavedHomes {
    private static final int T0 = Reg.R0, T1 = Reg.R1, T2 = Reg.R2;

    private CallerSavedHomes() {}

    /** Every read helper result, in r0, and every value read once, as a call's argument in its own block, in that argument's register. */
    static Map<Value, Integer> proposals(Function function) {
        var reads = new HashMap<Value, Integer>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) inst.operands().forEach(v -> reads.merge(v, 1, Integer::sum));
            block.end().operands().forEach(v -> reads.merge(v, 1, Integer::sum));
        }
        var proposals = new HashMap<Value, Integer>();
        for (Block block : function.blocks()) {
            var definedHere = new HashMap<Value, Inst>();
            for (Inst inst : block.body()) {
                if (inst.isHelperCall()) inst.result().filter(reads::containsKey).ifPresent(v -> proposals.put(v, Reg.R0));
                // arithmetic on a result read once goes on in r0: (nsecs - $start) / 1000 needs no move
                Value first = firstOperand(inst);
                if (first != null && Integer.valueOf(Reg.R0).equals(proposals.get(first)) && reads.get(first) == 1) {
                    inst.result().filter(reads::containsKey).ifPresent(v -> proposals.put(v, Reg.R0));
                }
                if (inst instanceof Inst.Call call) {
                    for (int i = 0; i < call.args().size(); i++) {
                        Value arg = call.args().get(i);
                        Inst def = definedHere.get(arg);
                        if (def != null && reads.get(arg) == 1 && isComputed(def)) proposals.put(arg, Reg.R1 + i);
                    }
                }
                inst.result().ifPresent(v -> definedHere.put(v, inst));
            }
        }
        return proposals;
    }

    /** The operand an ALU, load or offset may compute its result over in place. */
    private static Value firstOperand(Inst inst) {
        return switch (inst) {
            case Inst.Alu a -> a.lhs();
            case Inst.Load l -> l.base();
            case Inst.Offset o -> o.base();
            default -> null;
        };
    }

    /** Values computed by instructions (constants and frame addresses are rematerialised at each use instead). */
    private static boolean isComputed(Inst def) {
        return switch (def) {
            case Inst.Load l -> true;
            case Inst.Alu a -> true;
            case Inst.Offset o -> true;
            default -> false;
        };
    }

    /** The values homed in r0..r5 that some instruction or terminator would overwrite while they are live. */
    static Set<Value> clobbered(Function function, Liveness liveness, Set<Inst.Compare> fused, Map<Value, Home> homes,
            Set<Value> proposals) {
        var proposed = new HashSet<Value>();
        for (Value v : proposals) if (homes.get(v) instanceof Home.Register r && r.reg() <= Reg.R5) proposed.add(v);
        var broken = new HashSet<Value>();
        Map<BlockId, Block> blocks = function.blocksById();
        for (Block block : function.blocks()) {
            List<Inst> body = block.body();
            for (int k = 0; k < body.size(); k++) {
                Inst inst = body.get(k);
                Set<Integer> written = writes(inst, fused, homes);
                for (Value v : liveness.before(block.id(), k + 1)) {
                    if (proposed.contains(v) && !isResult(inst, v) && written.contains(register(v, homes))) broken.add(v);
                }
                for (int i = 0; i < inst.operands().size(); i++) {
                    Value v = inst.operands().get(i);
                    if (proposed.contains(v) && !isReadBeforeWrites(inst, i, register(v, homes), written)
                            && !isComputedInPlace(inst, v, homes, fused)) broken.add(v);
                }
            }
            Set<Integer> written = writes(block.end(), homes, blocks);
            for (BlockId successor : block.end().successors()) {
                for (Value v : liveness.liveIn(successor)) {
                    if (proposed.contains(v) && written.contains(register(v, homes))) broken.add(v);
                }
            }
            // what the terminator itself reads: an exit reads its result into r0 first; a branch
            // loads an operand that has no register into r1 or r2, which may hold the other; a
            // jump's moves are ordered among themselves unless a cycle or a spill needs r0 or r1
            boolean readSafely = switch (block.end()) {
                case Terminator.Exit e -> true;
                case Terminator.Branch b -> Liveness.terminatorUses(block, fused).stream().allMatch(v -> isReadInPlace(v, homes));
                case Terminator.Jump j -> moves(j, homes, blocks) <= 1;
            };
            if (!readSafely) {
                for (Value v : Liveness.terminatorUses(block, fused)) if (proposed.contains(v)) broken.add(v);
            }
        }
        return broken;
    }

    private static int register(Value v, Map<Value, Home> homes) {
        return ((Home.Register) homes.get(v)).reg();
    }

    private static boolean isResult(Inst inst, Value v) {
        return inst.result().filter(v::equals).isPresent();
    }

    /**
     * An ALU, load or offset whose result has the register of its first operand {@code v} works in
     * place ({@code r0 >>= 32}), provided its scratch registers leave that one alone.
     */
    private static boolean isComputedInPlace(Inst inst, Value v, Map<Value, Home> homes, Set<Inst.Compare> fused) {
        if (!v.equals(firstOperand(inst)) || inst.operands().lastIndexOf(v) != 0) return false;
        Value result = inst.result().orElseThrow();
        if (!homes.get(v).equals(homes.get(result))) return false;
        var scratch = writes(inst, fused, homes);
        scratch.remove(register(result, homes));
        return !scratch.contains(register(v, homes));
    }

    /**
     * Whether operand {@code index}, in {@code reg}, is read before the instruction writes that
     * register. A helper call moves its arguments into r1, r2, ... in order, each read from its
     * home, so argument i is safe in r0, in r(1+i) itself or above; a map helper first loads the map
     * into r1; anything else may write its scratch registers before reading its operands.
     */
    private static boolean isReadBeforeWrites(Inst inst, int index, int reg, Set<Integer> written) {
        if (!written.contains(reg)) return true;
        if (inst instanceof Inst.Call) return reg == Reg.R0 || reg >= Reg.R1 + index;
        return inst.isHelperCall() && reg == Reg.R0;
    }

    /** The registers the selection of {@code inst} may write, given the homes: see {@link InstructionSelector}. */
    private static Set<Integer> writes(Inst inst, Set<Inst.Compare> fused, Map<Value, Home> homes) {
        var written = new HashSet<Integer>();
        if (inst.isHelperCall()) {
            for (int r = Reg.R0; r <= Reg.R5; r++) written.add(r);
            return written;
        }
        inst.result().ifPresent(v -> {
            if (homes.get(v) instanceof Home.Register r) written.add(r.reg());
        });
        switch (inst) {
            case Inst.Const c -> { }
            // a stack buffer's address computed once (RegisterAllocator) goes through r0 when it has no register
            case Inst.StackSlot s -> {
                if (homes.get(s.dst()) instanceof Home.Spill) written.add(T0);
            }
            case Inst.Copy c -> {
                if (!(homes.get(c.src()) instanceof Home.Register) && isMaterialised(c.dst(), homes)) written.add(T0);
            }
            case Inst.Offset o -> {
                if (!(homes.get(o.dst()) instanceof Home.Frame) && !(homes.get(o.dst()) instanceof Home.Register)) written.add(T0);
            }
            case Inst.Alu a -> {
                if (!(homes.get(a.dst()) instanceof Home.Register)) written.add(T0);
                if (!isReadInPlace(a.rhs(), homes)) {
                    written.add(T1);
                    written.add(T2);
                }
            }
            case Inst.Load l -> {
                if (!(homes.get(l.dst()) instanceof Home.Register)) written.add(T0);
                if (!(homes.get(l.base()) instanceof Home.Register || homes.get(l.base()) instanceof Home.Frame)) written.add(T1);
            }
            case Inst.Compare c -> {
                if (!fused.contains(c)) {
                    if (!(homes.get(c.dst()) instanceof Home.Register)) written.add(T0);
                    written.add(T1);
                    written.add(T2);
                }
            }
            case Inst.Store s -> {
                if (!(homes.get(s.base()) instanceof Home.Register || homes.get(s.base()) instanceof Home.Frame)) written.add(T1);
                if (!(homes.get(s.value()) instanceof Home.Register || homes.get(s.value()) instanceof Home.Constant)) written.add(T2);
            }
            case Inst.AtomicAdd a -> {
                written.add(T1);
                written.add(T2);
            }
            case Inst.MapValueAdd a -> {
                if (!(homes.get(a.amount()) instanceof Home.Register r && r.reg() != T1)) written.add(T0);
                written.add(T1);
            }
            default -> throw new IllegalStateException("bug: unmodelled instruction " + inst);
        }
        return written;
    }

    private static boolean isMaterialised(Value dst, Map<Value, Home> homes) {
        return homes.get(dst) instanceof Home.Register || homes.get(dst) instanceof Home.Spill;
    }

    /** A register, or a constant the instruction carries as its immediate. */
    private static boolean isReadInPlace(Value v, Map<Value, Home> homes) {
        return homes.get(v) instanceof Home.Register || homes.get(v) instanceof Home.Constant c && c.bits() == (int) c.bits();
    }


    private static int moves(Terminator.Jump jump, Map<Value, Home> homes, Map<BlockId, Block> blocks) {
        List<Value> params = blocks.get(jump.target()).params();
        int moves = 0;
        for (int i = 0; i < jump.args().size(); i++) {
            Home to = homes.get(params.get(i));
            if (!(to instanceof Home.Unused) && !to.equals(homes.get(jump.args().get(i)))) moves++;
        }
        return moves;
    }

    /** Registers a terminator may write: a branch loads its operands into r1 and r2, a jump's moves may break a cycle through r0 and spill through r1. */
    private static Set<Integer> writes(Terminator end, Map<Value, Home> homes, Map<BlockId, Block> blocks) {
        return switch (end) {
            case Terminator.Exit e -> Set.of(T0);
            case Terminator.Branch b -> Set.of(T1, T2);
            case Terminator.Jump j -> {
                var written = new HashSet<Integer>(Set.of(T0, T1));
                List<Value> params = blocks.get(j.target()).params();
                for (Value p : params) if (homes.get(p) instanceof Home.Register r) written.add(r.reg());
                yield written;
            }
        };
    }
}

package jtracec.compiler.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.spec.isa.Reg;

/**
 * Linear-scan register allocation (Poletto and Sarkar) over r6..r9: helper calls clobber r0..r5,
 * and nearly every probe calls one, so r0..r5 serve as scratch within one instruction; the one
 * exception is a short-lived value left where a helper returns it or takes it ({@link CallerSavedHomes}).
 * Constants and frame pointers are rematerialised instead of allocated; a value that does not fit
 * gets its own spill slot. Each value's live interval is one conservative range in block order, and
 * a block parameter's range covers the jumps that write it, so jump moves never clobber a live value.
 */
final class RegisterAllocator {
    private record Interval(Value value, int start, int end) {}

    private final Function function;
    private final ControlFlow cfg;
    private final Liveness liveness;
    private final Set<Inst.Compare> fused;
    private final StackLayout frame;
    private final Map<Value, Home> homes = new HashMap<>();
    private final Set<Value> used;
    private final Map<Value, Inst> definitions = new HashMap<>();
    /** The values each block parameter receives, from every jump to its block. */
    private final Map<Value, Set<Value>> incomingArgs = new HashMap<>();
    private final Map<Value, Integer> callerSaved;

    /** {@code callerSaved}: values given a register of r0..r5 for their whole life ({@link CallerSavedHomes}). */
    RegisterAllocator(Function function, ControlFlow cfg, Liveness liveness, Set<Inst.Compare> fused, StackLayout frame,
            Map<Value, Integer> callerSaved) {
        this.function = function;
        this.liveness = liveness;
        this.callerSaved = callerSaved;
        this.cfg = cfg;
        this.fused = fused;
        this.frame = frame;
        this.used = usedValues(function, fused);
        Map<BlockId, Block> blocks = function.blocksById();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) inst.result().ifPresent(v -> definitions.put(v, inst));
            if (block.end() instanceof Terminator.Jump j) {
                List<Value> params = blocks.get(j.target()).params();
                for (int i = 0; i < params.size(); i++) {
                    incomingArgs.computeIfAbsent(params.get(i), p -> new HashSet<>()).add(j.args().get(i));
                }
            }
        }
    }

    Map<Value, Home> allocate() {
        Map<BlockId, Block> blocks = function.blocksById();
        Map<Value, StackSlotSharing.Range> ranges = liveRanges(blocks);
        // before anything else takes frame space: the buffers' shared area comes first
        Map<Value, Integer> slots = StackSlotSharing.place(function, ranges, frame);
        assignRematerialised(blocks, slots);
        var fixed = new HashSet<Value>();
        callerSaved.forEach((v, reg) -> {
            // constants and frame addresses are already rematerialised where they are used
            if (homes.containsKey(v)) return;
            homes.put(v, new Home.Register(reg));
            fixed.add(v);
        });
        Value context = function.entry().params().get(0);
        if (isReadOnlyWhereItArrives(context)) {
            homes.put(context, new Home.Register(Reg.R1));
            fixed.add(context);
        }
        var intervals = intervals(blocks, ranges);
        intervals.removeIf(i -> fixed.contains(i.value()));
        intervals.sort(Comparator.comparingInt(Interval::start).thenComparingInt(i -> i.value().id()));
        var free = new TreeSet<Integer>(List.of(Reg.R6, Reg.R7, Reg.R8, Reg.R9));
        var active = new ArrayList<Interval>();
        for (Interval current : intervals) {
            active.removeIf(a -> {
                if (a.end() < current.start()) {
                    if (homes.get(a.value()) instanceof Home.Register r) free.add(r.reg());
                    return true;
                }
                return false;
            });
            Optional<Interval> donor = active.stream()
                    .filter(a -> a.end() == current.start() && homes.get(a.value()) instanceof Home.Register
                            && canTakeOver(current.value(), a.value()))
                    .findFirst();
            if (donor.isPresent()) {
                // the operand dies where the result is born: the result takes its register, saving a move
                homes.put(current.value(), homes.get(donor.get().value()));
                active.remove(donor.get());
                active.add(current);
                continue;
            }
            if (!free.isEmpty()) {
                homes.put(current.value(), new Home.Register(free.pollFirst()));
                active.add(current);
                continue;
            }
            Interval furthest = active.stream().max(Comparator.comparingInt(Interval::end)).orElseThrow();
            if (furthest.end() > current.end()) {
                homes.put(current.value(), homes.get(furthest.value()));
                homes.put(furthest.value(), new Home.Spill(frame.allocate(8)));
                active.remove(furthest);
                active.add(current);
            } else {
                homes.put(current.value(), new Home.Spill(frame.allocate(8)));
            }
        }
        return homes;
    }

    /**
     * True when the context pointer can stay in r1, where the kernel passes it: every use is in the
     * entry block, and before the last one only instructions that emit nothing (constants, stack
     * slots) or loads from the context (which write only their result's home, never r1) run. The
     * last use may also be a helper call that takes the context as its first argument and nothing
     * else, or a stack id of the context, which read it from r1 before clobbering it.
     */
    private boolean isReadOnlyWhereItArrives(Value context) {
        List<Inst> body = function.entry().body();
        int last = -1;
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).operands().contains(context)) last = i;
        }
        if (function.entry().end().operands().contains(context)) return false;
        for (Block block : function.blocks()) {
            if (block == function.entry()) continue;
            for (Inst inst : block.body()) if (inst.operands().contains(context)) return false;
            if (block.end().operands().contains(context)) return false;
            if (block.params().contains(context)) return false;
        }
        if (last < 0) return false;
        for (int i = 0; i <= last; i++) {
            Inst inst = body.get(i);
            boolean isLast = i == last;
            boolean quiet = switch (inst) {
                case Inst.Const c -> true;
                case Inst.StackSlot st -> true;
                case Inst.Load l -> l.base().equals(context) && !(homes.get(l.dst()) instanceof Home.Register r && r.reg() == Reg.R1);
                case Inst.Call c -> isLast && c.args().indexOf(context) == 0 && c.args().lastIndexOf(context) == 0;
                case Inst.StackId st -> isLast && st.context().equals(context);
                default -> false;
            };
            if (!quiet) return false;
        }
        return true;
    }

    /**
     * True when the instruction defining {@code result} may write the register of {@code operand},
     * whose life ends there: its selection reads that operand before writing the result. For
     * {@code mov t, lhs; op t, rhs} that is only the left operand; a helper call reads every operand
     * into r1..r5 before r0 comes back. A non-fused compare writes its result first, so never.
     */
    private boolean canTakeOver(Value result, Value operand) {
        // a block parameter whose argument dies at the jump that passes it: the jump's move is
        // then none, and the other jumps write the register, which is the parameter's from there on
        if (incomingArgs.getOrDefault(result, Set.of()).contains(operand)) return true;
        Inst def = definitions.get(result);
        if (def == null) return false;
        // a helper call reads every operand into r1..r5 before r0 comes back
        if (def.isHelperCall()) return true;
        return switch (def) {
            case Inst.Alu a -> a.lhs().equals(operand);
            case Inst.Offset o -> o.base().equals(operand);
            case Inst.Load l -> l.base().equals(operand);
            case Inst.Copy c -> c.src().equals(operand);
            default -> false;
        };
    }

    /**
     * Stack buffers whose address is passed around often enough to keep it in a register: each
     * rematerialisation is two instructions ({@code r1 = r10; r1 += -32}) where a register costs
     * one move per use after two to compute it (join's scratch pointer, passed to 16 reads).
     */
    private static final int ADDRESS_USES_WORTH_A_REGISTER = 4;

    /** Frame offsets of the stack buffers whose address lives in a register or spill slot instead of being rematerialised. */
    private final Map<Value, Integer> addressesComputedOnce = new HashMap<>();

    Map<Value, Integer> addressesComputedOnce() {
        return addressesComputedOnce;
    }

    private void assignRematerialised(Map<BlockId, Block> blocks, Map<Value, Integer> slots) {
        Map<Value, Integer> addressUses = addressUses();
        for (BlockId id : cfg.reversePostorder()) {
            for (Inst inst : blocks.get(id).body()) {
                switch (inst) {
                    case Inst.Const c -> homes.put(c.dst(), new Home.Constant(c.bits()));
                    case Inst.StackSlot s when addressUses.getOrDefault(s.dst(), 0) >= ADDRESS_USES_WORTH_A_REGISTER ->
                            addressesComputedOnce.put(s.dst(), slots.get(s.dst()));
                    case Inst.StackSlot s -> homes.put(s.dst(), new Home.Frame(slots.get(s.dst())));
                    case Inst.Offset o when homes.get(o.base()) instanceof Home.Frame f ->
                            homes.put(o.dst(), new Home.Frame(f.offset() + o.offset()));
                    case Inst.Copy c when homes.get(c.src()) instanceof Home.Frame
                            || homes.get(c.src()) instanceof Home.Constant -> homes.put(c.dst(), homes.get(c.src()));
                    default -> { }
                }
            }
        }
    }

    /** How often each value is read where a frame address would be rematerialised into a register (not as a load or store base). */
    private Map<Value, Integer> addressUses() {
        var uses = new HashMap<Value, Integer>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                List<Value> free = switch (inst) {
                    case Inst.Load l -> List.of(l.base());
                    case Inst.Store s -> List.of(s.base());
                    case Inst.Offset o -> List.of(o.base());
                    default -> List.of();
                };
                for (Value v : inst.operands()) if (!free.contains(v)) uses.merge(v, 1, Integer::sum);
            }
            for (Value v : block.end().operands()) uses.merge(v, 1, Integer::sum);
        }
        return uses;
    }

    /** Each value's conservative live range in block order, from its definition to its last use or live-out. */
    private Map<Value, StackSlotSharing.Range> liveRanges(Map<BlockId, Block> blocks) {
        List<BlockId> order = cfg.reversePostorder();
        var startPos = new HashMap<BlockId, Integer>();
        var endPos = new HashMap<BlockId, Integer>();
        int pos = 0;
        for (BlockId id : order) {
            startPos.put(id, pos);
            // instructions at start+2, start+4, ...; the terminator after the last one, at end-2
            pos += 2 * (blocks.get(id).body().size() + 2);
            endPos.put(id, pos);
            pos += 2;
        }
        var first = new HashMap<Value, Integer>();
        var last = new HashMap<Value, Integer>();
        java.util.function.BiConsumer<Value, Integer> touch = (v, p) -> {
            first.merge(v, p, Math::min);
            last.merge(v, p, Math::max);
        };
        // local uses and definitions
        for (BlockId id : order) {
            Block block = blocks.get(id);
            int p = startPos.get(id);
            for (Value param : block.params()) touch.accept(param, p);
            for (Inst inst : block.body()) {
                p += 2;
                int at = inst instanceof Inst.Compare c && fused.contains(c) ? endPos.get(id) - 2 : p;
                for (Value v : inst.operands()) touch.accept(v, at);
                int defAt = p;
                inst.result().ifPresent(v -> {
                    if (!(inst instanceof Inst.Compare c && fused.contains(c))) touch.accept(v, defAt);
                });
            }
            int termPos = endPos.get(id) - 2;
            if (!isFusedBranch(block, fused)) {
                for (Value v : block.end().operands()) touch.accept(v, termPos);
            }
            if (block.end() instanceof Terminator.Jump j) {
                for (Value param : blocks.get(j.target()).params()) touch.accept(param, termPos);
            }
        }
        // values live across block boundaries cover the whole block
        for (BlockId id : order) {
            for (Value v : liveness.liveIn(id)) touch.accept(v, startPos.get(id));
            for (BlockId succ : blocks.get(id).end().successors()) {
                for (Value v : liveness.liveIn(succ)) touch.accept(v, endPos.get(id));
            }
        }
        var ranges = new HashMap<Value, StackSlotSharing.Range>();
        for (var entry : first.entrySet()) ranges.put(entry.getKey(), new StackSlotSharing.Range(entry.getValue(), last.get(entry.getKey())));
        return ranges;
    }

    /** Intervals of the values that need a register or spill slot; values never read get {@link Home.Unused}. */
    private List<Interval> intervals(Map<BlockId, Block> blocks, Map<Value, StackSlotSharing.Range> ranges) {
        List<BlockId> order = cfg.reversePostorder();
        var intervals = new ArrayList<Interval>();
        for (var entry : ranges.entrySet()) {
            Value v = entry.getKey();
            if (used.contains(v)) intervals.add(new Interval(v, entry.getValue().start(), entry.getValue().end()));
        }
        // values never read need no home: their definitions drop the result
        for (BlockId id : order) {
            Block block = blocks.get(id);
            for (Value p : block.params()) {
                if (!used.contains(p)) homes.putIfAbsent(p, new Home.Unused());
            }
            for (Inst inst : block.body()) inst.result().ifPresent(v -> {
                if (!used.contains(v)) homes.putIfAbsent(v, new Home.Unused());
            });
        }
        intervals.removeIf(i -> homes.containsKey(i.value()));
        return intervals;
    }

    private static Set<Value> usedValues(Function function, Set<Inst.Compare> fused) {
        var used = new HashSet<Value>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) used.addAll(inst.operands());
            if (!isFusedBranch(block, fused)) used.addAll(block.end().operands());
        }
        return used;
    }

    /** True when the block ends in a branch on its last instruction, a compare fused into the jump. */
    static boolean isFusedBranch(Block block, Set<Inst.Compare> fused) {
        return block.end() instanceof Terminator.Branch b && !block.body().isEmpty()
                && block.body().get(block.body().size() - 1) instanceof Inst.Compare c && fused.contains(c)
                && c.dst().equals(b.cond());
    }
}

package jtracec.compiler.ir;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.helper.ArgKind;
import jtracec.spec.helper.HelperProto;
import jtracec.spec.helper.Helpers;
import jtracec.spec.object.MapSpec;

/**
 * The memory half of use-before-definition: every byte of a stack buffer that an instruction
 * reads (a load, a map key or value, an event record, a helper's read-only memory) was written
 * on every path to it. A must-analysis over the CFG: a buffer's written bytes meet by
 * intersection where paths merge. Pointers that reach a block through its parameters have no
 * known buffer and are not checked; everything the lowering writes directly is.
 */
final class StackInitialisation {
    /** A pointer {@code offset} bytes into the buffer made by {@code slot}. */
    private record Location(Value slot, int offset) {}

    private final IrModule module;
    private final Function function;
    private final ControlFlow cfg;
    private final Map<Value, Location> locations = new HashMap<>();
    private final Map<Integer, Long> constants = new HashMap<>();

    StackInitialisation(IrModule module, Function function, ControlFlow cfg) {
        this.module = module;
        this.function = function;
        this.cfg = cfg;
        for (BlockId id : cfg.reversePostorder()) {
            for (Inst inst : function.blocksById().get(id).body()) {
                switch (inst) {
                    case Inst.StackSlot s -> locations.put(s.dst(), new Location(s.dst(), 0));
                    case Inst.Offset o when locations.containsKey(o.base()) -> {
                        Location base = locations.get(o.base());
                        locations.put(o.dst(), new Location(base.slot(), base.offset() + o.offset()));
                    }
                    case Inst.Copy c when locations.containsKey(c.src()) -> locations.put(c.dst(), locations.get(c.src()));
                    case Inst.Const c -> constants.put(c.dst().id(), c.bits());
                    default -> { }
                }
            }
        }
    }

    /** Throws {@code IllegalStateException("bug: ...")} at the first read of bytes that may be unwritten. */
    void check() {
        Map<BlockId, Block> blocks = function.blocksById();
        var out = new HashMap<BlockId, Map<Value, BitSet>>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (BlockId id : cfg.reversePostorder()) {
                var state = in(id, out);
                for (Inst inst : blocks.get(id).body()) transfer(inst, state, false);
                if (!state.equals(out.get(id))) {
                    out.put(id, state);
                    changed = true;
                }
            }
        }
        for (BlockId id : cfg.reversePostorder()) {
            var state = in(id, out);
            for (Inst inst : blocks.get(id).body()) transfer(inst, state, true);
        }
    }

    private Map<Value, BitSet> in(BlockId id, Map<BlockId, Map<Value, BitSet>> out) {
        Optional<Map<Value, BitSet>> met = Optional.empty();
        for (BlockId pred : cfg.predecessors(id)) {
            Map<Value, BitSet> state = out.get(pred);
            if (state == null) continue;  // not reached yet: the top of the lattice
            if (met.isEmpty()) {
                met = Optional.of(copy(state));
            } else {
                Map<Value, BitSet> so = met.get();
                so.keySet().retainAll(state.keySet());
                so.forEach((slot, bits) -> bits.and(state.get(slot)));
            }
        }
        return met.orElseGet(HashMap::new);
    }

    private static Map<Value, BitSet> copy(Map<Value, BitSet> state) {
        var copy = new HashMap<Value, BitSet>();
        state.forEach((slot, bits) -> copy.put(slot, (BitSet) bits.clone()));
        return copy;
    }

    private void transfer(Inst inst, Map<Value, BitSet> state, boolean isChecking) {
        switch (inst) {
            case Inst.StackSlot s -> state.put(s.dst(), new BitSet());
            case Inst.Store s -> written(s.base(), s.offset(), s.width(), state);
            case Inst.Load l -> read(inst, l.base(), l.offset(), l.width(), state, isChecking);
            case Inst.MapLookup m -> read(inst, m.key(), 0, map(m.map()).keySize(), state, isChecking);
            case Inst.MapDelete m -> read(inst, m.key(), 0, map(m.map()).keySize(), state, isChecking);
            case Inst.MapUpdate m -> {
                read(inst, m.key(), 0, map(m.map()).keySize(), state, isChecking);
                read(inst, m.value(), 0, map(m.map()).valueSize(), state, isChecking);
            }
            case Inst.RingbufOutput r -> read(inst, r.data(), 0, r.size(), state, isChecking);
            case Inst.MapValueAdd a -> { }
            case Inst.AtomicAdd a -> { }
            case Inst.Call c -> call(c, state, isChecking);
            case Inst.Const c -> { }
            case Inst.Copy c -> { }
            case Inst.Alu a -> { }
            case Inst.Compare c -> { }
            case Inst.Offset o -> { }
            case Inst.StackId s -> { }
        }
    }

    /** Memory arguments by the helper's prototype: read-only memory must be written, uninitialised memory gets written. */
    private void call(Inst.Call c, Map<Value, BitSet> state, boolean isChecking) {
        HelperProto proto = Helpers.proto(c.helper());
        List<ArgKind> kinds = proto.args();
        for (int i = 0; i + 1 < c.args().size() && i + 1 < kinds.size(); i++) {
            Long size = constants.get(c.args().get(i + 1).id());
            if (size == null || size <= 0) continue;
            if (kinds.get(i) == ArgKind.PTR_TO_MEM) read(c, c.args().get(i), 0, size.intValue(), state, isChecking);
            if (kinds.get(i) == ArgKind.PTR_TO_UNINIT_MEM) written(c.args().get(i), 0, size.intValue(), state);
        }
    }

    private MapSpec map(int index) {
        return module.maps().get(index);
    }

    private void written(Value pointer, int offset, int length, Map<Value, BitSet> state) {
        Location at = locations.get(pointer);
        if (at == null || !state.containsKey(at.slot())) return;
        int from = at.offset() + offset;
        state.get(at.slot()).set(from, from + length);
    }

    private void read(Inst inst, Value pointer, int offset, int length, Map<Value, BitSet> state, boolean isChecking) {
        Location at = locations.get(pointer);
        if (!isChecking || at == null || !state.containsKey(at.slot())) return;
        int from = at.offset() + offset;
        int unwritten = state.get(at.slot()).nextClearBit(from);
        if (unwritten < from + length) {
            throw new IllegalStateException("bug: ir: %s: %s reads byte %d of %s, which may be unwritten".formatted(
                    function.name(), new IrPrinter().print(inst), unwritten, at.slot()));
        }
    }
}

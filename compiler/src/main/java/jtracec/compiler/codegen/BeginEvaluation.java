package jtracec.compiler.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.EvaluatedBegin;

/**
 * Runs at compile time the BEGIN probes whose effect depends on nothing but constants: most tools
 * open with a banner and a header of column names, which bpftrace loads, verifies and runs a
 * program to print once. The IR of such a probe only builds constant records on its stack and
 * sends them, so what it sends is known here, byte for byte, and the loader prints it instead.
 *
 * <p>A probe qualifies when, on the path it runs, it executes only constants, copies, stack slots
 * and offsets into them, stores of constants, ring-buffer outputs (taken to succeed: the ring is
 * empty when BEGIN runs, before anything is attached) and branches on constants, and every byte
 * it sends was written. Anything else (a helper, a map, a load, a lost-event count) keeps every
 * BEGIN a program, so BEGIN probes still run in their order.
 */
final class BeginEvaluation {
    /** A stack address during evaluation: slot number and byte offset. */
    private record Pointer(int slot, int offset) {}

    private static final int STEP_LIMIT = 100_000;

    private BeginEvaluation() {}

    /** The module without its BEGIN functions and what they send, when every one of them qualifies. */
    record Split(IrModule rest, Optional<EvaluatedBegin> begin) {}

    static Split split(IrModule module) {
        var events = new ArrayList<byte[]>();
        var rest = new ArrayList<Function>();
        boolean anyBegin = false;
        for (Function function : module.functions()) {
            if (!isBeginOnly(function)) {
                rest.add(function);
                continue;
            }
            anyBegin = true;
            Optional<List<byte[]>> sent = evaluate(function);
            if (sent.isEmpty()) return new Split(module, Optional.empty());
            events.addAll(sent.get());
        }
        if (!anyBegin) return new Split(module, Optional.empty());
        return new Split(new IrModule(module.sourceName(), rest, module.maps(), module.printfs()),
                Optional.of(new EvaluatedBegin(events)));
    }

    private static boolean isBeginOnly(Function function) {
        return !function.sites().isEmpty() && function.sites().stream().map(AttachSite::point).allMatch(p -> p instanceof AttachPoint.Begin);
    }

    /** The records the function sends, or empty when it does anything but build and send constants. */
    static Optional<List<byte[]>> evaluate(Function function) {
        Map<BlockId, Block> blocks = function.blocksById();
        var values = new HashMap<Value, Object>();
        var slots = new ArrayList<byte[]>();
        var written = new ArrayList<BitSet>();
        var sent = new ArrayList<byte[]>();
        Block block = function.entry();
        int steps = 0;
        while (true) {
            for (Inst inst : block.body()) {
                if (++steps > STEP_LIMIT) return Optional.empty();
                switch (inst) {
                    case Inst.Const c -> values.put(c.dst(), c.bits());
                    case Inst.Copy c -> values.put(c.dst(), values.get(c.src()));
                    case Inst.StackSlot s -> {
                        values.put(s.dst(), new Pointer(slots.size(), 0));
                        slots.add(new byte[s.size()]);
                        written.add(new BitSet());
                    }
                    case Inst.Offset o -> {
                        if (!(values.get(o.base()) instanceof Pointer p)) return Optional.empty();
                        values.put(o.dst(), new Pointer(p.slot(), p.offset() + o.offset()));
                    }
                    case Inst.Store s -> {
                        if (!(values.get(s.base()) instanceof Pointer p) || !(values.get(s.value()) instanceof Long v)) return Optional.empty();
                        int at = p.offset() + s.offset();
                        byte[] slot = slots.get(p.slot());
                        if (at < 0 || at + s.width() > slot.length) return Optional.empty();
                        for (int i = 0; i < s.width(); i++) slot[at + i] = (byte) (v >>> (8 * i));
                        written.get(p.slot()).set(at, at + s.width());
                    }
                    case Inst.Compare c -> {
                        if (!(values.get(c.lhs()) instanceof Long l) || !(values.get(c.rhs()) instanceof Long r)) return Optional.empty();
                        values.put(c.dst(), c.op().test(l, r) ? 1L : 0L);
                    }
                    case Inst.RingbufOutput r -> {
                        if (!(values.get(r.data()) instanceof Pointer p)) return Optional.empty();
                        byte[] slot = slots.get(p.slot());
                        int from = p.offset();
                        if (from < 0 || from + r.size() > slot.length) return Optional.empty();
                        if (written.get(p.slot()).get(from, from + r.size()).cardinality() != r.size()) return Optional.empty();
                        sent.add(Arrays.copyOfRange(slot, from, from + r.size()));
                        values.put(r.dst(), 0L);
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            switch (block.end()) {
                case Terminator.Exit e -> {
                    return Optional.of(sent);
                }
                case Terminator.Jump j -> {
                    Block target = blocks.get(j.target());
                    var args = j.args().stream().map(values::get).toList();
                    for (int i = 0; i < args.size(); i++) values.put(target.params().get(i), args.get(i));
                    block = target;
                }
                case Terminator.Branch b -> {
                    if (!(values.get(b.cond()) instanceof Long c)) return Optional.empty();
                    block = blocks.get(c != 0 ? b.ifTrue() : b.ifFalse());
                }
            }
        }
    }
}

package jtracec.compiler.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrType;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;

/**
 * Places stack buffers so that buffers never live at the same time share bytes, as LLVM's
 * stack colouring does for bpftrace (the string temporaries of successive map updates reuse one
 * area). A buffer is live wherever some pointer into it is live: the slot's own value, offsets
 * and copies of it, and block parameters that may receive any of these.
 */
final class StackSlotSharing {
    /** A value's live range in the register allocator's block-order numbering. */
    record Range(int start, int end) {
        Range union(Range other) {
            return new Range(Math.min(start, other.start), Math.max(end, other.end));
        }

        boolean overlaps(Range other) {
            return start <= other.end && other.start <= end;
        }
    }

    private record Placed(Range range, int offset, int size) {}

    private StackSlotSharing() {}

    /** The frame offset of each stack slot, from one area reserved in {@code frame} for all of them. */
    static Map<Value, Integer> place(Function function, Map<Value, Range> ranges, StackLayout frame) {
        var slots = new LinkedHashMap<Value, Inst.StackSlot>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) {
                if (inst instanceof Inst.StackSlot s) slots.put(s.dst(), s);
            }
        }
        if (slots.isEmpty()) return Map.of();
        Map<Value, Set<Value>> origins = origins(function, slots.keySet());
        var slotRanges = new HashMap<Value, Range>();
        for (var entry : origins.entrySet()) {
            Range range = ranges.get(entry.getKey());
            if (range == null) continue;
            for (Value slot : entry.getValue()) slotRanges.merge(slot, range, Range::union);
        }
        var order = new ArrayList<>(slots.keySet());
        order.sort(Comparator.comparingInt((Value v) -> slotRanges.getOrDefault(v, new Range(0, 0)).start())
                .thenComparingInt(Value::id));
        var placed = new ArrayList<Placed>();
        var relative = new HashMap<Value, Integer>();
        int area = 0;
        for (Value slot : order) {
            Range range = slotRanges.getOrDefault(slot, new Range(0, 0));
            int size = slots.get(slot).size();
            int offset = lowestFreeOffset(placed, range, size);
            placed.add(new Placed(range, offset, size));
            relative.put(slot, offset);
            area = Math.max(area, offset + size);
        }
        int base = frame.allocate(area);
        var offsets = new HashMap<Value, Integer>();
        relative.forEach((slot, offset) -> offsets.put(slot, base + offset));
        return offsets;
    }

    /** First fit: the lowest 8-byte-aligned offset whose bytes no buffer live at the same time uses. */
    private static int lowestFreeOffset(List<Placed> placed, Range range, int size) {
        var conflicts = placed.stream().filter(p -> p.range().overlaps(range))
                .sorted(Comparator.comparingInt(Placed::offset)).toList();
        int offset = 0;
        for (Placed p : conflicts) {
            if (offset + size <= p.offset()) break;
            offset = Math.max(offset, p.offset() + p.size());
        }
        return offset;
    }

    /** For each stack pointer value, the slots it may point into, to a fixed point over jumps. */
    private static Map<Value, Set<Value>> origins(Function function, Set<Value> slots) {
        var origins = new HashMap<Value, Set<Value>>();
        for (Value slot : slots) origins.put(slot, new HashSet<>(Set.of(slot)));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Block block : function.blocks()) {
                for (Inst inst : block.body()) {
                    switch (inst) {
                        case Inst.Offset o when o.base().type() == IrType.STACK ->
                                changed |= flow(origins, o.base(), o.dst());
                        case Inst.Copy c when c.src().type() == IrType.STACK ->
                                changed |= flow(origins, c.src(), c.dst());
                        default -> { }
                    }
                }
                if (block.end() instanceof Terminator.Jump j) {
                    List<Value> params = function.blocksById().get(j.target()).params();
                    for (int i = 0; i < params.size(); i++) {
                        if (params.get(i).type() == IrType.STACK) changed |= flow(origins, j.args().get(i), params.get(i));
                    }
                }
            }
        }
        return origins;
    }

    private static boolean flow(Map<Value, Set<Value>> origins, Value from, Value to) {
        Set<Value> source = origins.getOrDefault(from, Set.of());
        return origins.computeIfAbsent(to, v -> new HashSet<>()).addAll(source);
    }
}

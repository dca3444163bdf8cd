package jtracec.verifier.state;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import jtracec.spec.kernel.KernelLimits;

/**
 * The stack frame as the analysis knows it: which bytes are initialised on every path (byte
 * precise), which only on some paths (a flag term per byte, non-zero on the paths that wrote it,
 * made by a join), and what values were spilled where. Cells never overlap. A pointer cell that is
 * partly overwritten leaves {@link Value.Mixed} remnants, so pointer bytes can never be read back
 * as a number (and leak). Immutable; offsets are relative to the frame pointer, in [-512, 0).
 */
public final class StackMemory {
    public static final int SIZE = KernelLimits.STACK_SIZE;
    /** The kernel tracks the stack in 8-byte slots; a register spill starts at a slot's start. */
    public static final int SLOT = 8;
    public static final StackMemory EMPTY = new StackMemory(new BitSet(SIZE), Map.of(), List.of());

    /** A value stored at {@code [offset, offset + size)}. */
    public record Cell(int offset, int size, Value value) {
        int end() {
            return offset + size;
        }

        boolean overlaps(int lo, int hi) {
            return offset < hi && lo < end();
        }
    }

    /** Bytes {@code [lo, hi)} are initialised exactly when {@code flag} is non-zero. */
    public record Conditional(int lo, int hi, Term flag) {}

    private final BitSet initialised; // bit i is byte fp-512+i
    private final Map<Integer, Term> conditional; // frame offset -> flag, for bytes not in initialised
    private final List<Cell> cells;

    private StackMemory(BitSet initialised, Map<Integer, Term> conditional, List<Cell> cells) {
        this.initialised = initialised;
        this.conditional = Map.copyOf(conditional);
        this.cells = List.copyOf(cells);
    }

    /** Initialised on every path that reaches here. */
    public boolean isInitialised(int offset) {
        return offset >= -SIZE && offset < 0 && initialised.get(offset + SIZE);
    }

    /**
     * Whether the byte is initialised, as a flag term: 1 when on every path, 0 when on none, else the
     * join's flag (non-zero exactly on the paths that wrote it).
     */
    public Term initialisedFlag(int offset) {
        if (isInitialised(offset)) return Term.constant(1);
        return conditional.getOrDefault(offset, Term.ZERO);
    }

    /** Maximal runs of bytes initialised only on some paths that share one flag, sorted by offset. */
    public List<Conditional> conditionalRanges() {
        var out = new ArrayList<Conditional>();
        for (int offset : new TreeMap<>(conditional).keySet()) {
            Term flag = conditional.get(offset);
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).hi() == offset && out.get(last).flag().equals(flag)) {
                out.set(last, new Conditional(out.get(last).lo(), offset + 1, flag));
            } else {
                out.add(new Conditional(offset, offset + 1, flag));
            }
        }
        return out;
    }

    /** Maximal runs of initialised bytes as [lo, hi) frame offsets. */
    public List<int[]> initialisedRanges() {
        var out = new ArrayList<int[]>();
        int i = initialised.nextSetBit(0);
        while (i >= 0) {
            int end = initialised.nextClearBit(i);
            out.add(new int[] {i - SIZE, end - SIZE});
            i = initialised.nextSetBit(end);
        }
        return out;
    }

    public List<Cell> cells() {
        return cells;
    }

    /**
     * An instruction stores {@code value} (or unknown bytes when empty) at a known offset; the range
     * must be in the frame. A number cell keeps the whole stored value (a narrow store reads back
     * its low bytes, {@link #read}), as the kernel keeps the whole register of a spill. A store
     * that does not start at its 8-byte slot's start, into a slot whose start holds a cell (the
     * kernel's register spill), turns the whole slot into unknown bytes, as
     * {@code check_stack_write_fixed_off()} scrubs a spilled slot on a partial write.
     */
    public StackMemory write(int offset, int size, Optional<Value> value) {
        int lo = Math.max(offset, -SIZE), hi = Math.min(offset + size, 0);
        if (lo >= hi) return this;
        StackMemory before = Math.floorMod(lo, SLOT) != 0 && hasCellAt(slotStart(lo)) ? forgetNumbers(slotStart(lo), slotStart(lo) + SLOT) : this;
        return before.put(lo, hi, value);
    }

    /**
     * A helper fills {@code [offset, offset + size)}: the bytes are initialised with unknown values,
     * and every slot the range touches loses its numbers, as the kernel marks helper-written slots
     * unknown ({@code check_stack_range_initialized()} in raw mode destroys their spills).
     */
    public StackMemory fill(int offset, int size) {
        int lo = Math.max(offset, -SIZE), hi = Math.min(offset + size, 0);
        if (lo >= hi) return this;
        return forgetNumbers(slotStart(lo), slotStart(hi - 1) + SLOT).put(lo, hi, Optional.empty());
    }

    /** The same bytes, with {@code cell}'s value replaced (a null check refining a spilled pointer). */
    public StackMemory replace(Cell cell, Value value) {
        return put(cell.offset(), cell.end(), Optional.of(value));
    }

    private StackMemory put(int lo, int hi, Optional<Value> value) {
        var init = (BitSet) initialised.clone();
        init.set(lo + SIZE, hi + SIZE);
        var stillConditional = new HashMap<>(conditional);
        stillConditional.keySet().removeIf(o -> o >= lo && o < hi);
        var kept = new ArrayList<Cell>();
        for (Cell c : cells) {
            if (!c.overlaps(lo, hi)) {
                kept.add(c);
            } else if (isPoison(c.value())) {
                if (c.offset() < lo) kept.add(new Cell(c.offset(), lo - c.offset(), Value.MIXED));
                if (c.end() > hi) kept.add(new Cell(hi, c.end() - hi, Value.MIXED));
            }
        }
        value.ifPresent(v -> kept.add(new Cell(lo, hi - lo, v)));
        return new StackMemory(init, stillConditional, kept);
    }

    /** Drops the number cells overlapping {@code [lo, hi)}; pointer remnants stay poison. */
    private StackMemory forgetNumbers(int lo, int hi) {
        var kept = cells.stream().filter(c -> !c.overlaps(lo, hi) || isPoison(c.value())).toList();
        return kept.size() == cells.size() ? this : new StackMemory(initialised, conditional, kept);
    }

    private boolean hasCellAt(int offset) {
        return cells.stream().anyMatch(c -> c.offset() == offset);
    }

    private static int slotStart(int offset) {
        return Math.floorDiv(offset, SLOT) * SLOT;
    }

    /**
     * The cell a store of {@code size} bytes at {@code offset} left, if it is still there whole: what a
     * lookup key at that place was made of.
     */
    public Optional<Cell> cellAt(int offset, int size) {
        return cells.stream().filter(c -> c.offset() == offset && c.size() == size).findFirst();
    }

    /** A store at an offset the analysis does not know: bytes may change anywhere. */
    public StackMemory writeSomewhere() {
        var kept = new ArrayList<Cell>();
        for (Cell c : cells) {
            if (isPoison(c.value())) kept.add(new Cell(c.offset(), c.size(), Value.MIXED));
        }
        return new StackMemory(initialised, conditional, kept);
    }

    /** What a load of a known range gives: the spilled value, MIXED over pointer bytes, or empty for "some number". */
    public Optional<Value> read(int offset, int size) {
        int hi = offset + size;
        for (Cell c : cells) {
            if (!c.overlaps(offset, hi)) continue;
            if (c.offset() == offset && c.size() == size) return Optional.of(narrow(c.value(), size));
            if (isPoison(c.value())) return Optional.of(Value.MIXED);
        }
        return Optional.empty();
    }

    /** True when a range (possibly unknown) might contain pointer bytes. */
    public boolean mayHoldPointers(int lo, int hi) {
        return cells.stream().anyMatch(c -> c.overlaps(lo, hi) && isPoison(c.value()));
    }

    /** What {@code size} bytes of a stored value read back as: a number's low bytes, or the value itself. */
    private static Value narrow(Value v, int size) {
        return size < 8 && v instanceof Value.Scalar sc ? new Value.Scalar(Term.zeroExtend(size * 8, sc.value())) : v;
    }

    private static boolean isPoison(Value v) {
        return v.isPointer() || v instanceof Value.Mixed;
    }

    /**
     * The join: bytes initialised on both paths stay so; bytes initialised on one path only (or
     * conditionally) get the join's merge of both sides' flags from {@code flags}, so a pointer that
     * is itself a join of two stack slots reads initialised bytes on each path; cells both agree on
     * are joined by {@code values}.
     */
    public static StackMemory join(StackMemory a, StackMemory b, BinaryOperator<Value> values, BinaryOperator<Term> flags) {
        var init = (BitSet) a.initialised.clone();
        init.and(b.initialised);
        var maybe = new BitSet(SIZE);
        maybe.or(a.initialised);
        maybe.or(b.initialised);
        a.conditional.keySet().forEach(o -> maybe.set(o + SIZE));
        b.conditional.keySet().forEach(o -> maybe.set(o + SIZE));
        maybe.andNot(init);
        var conditional = new HashMap<Integer, Term>();
        for (int i = maybe.nextSetBit(0); i >= 0; i = maybe.nextSetBit(i + 1)) {
            int offset = i - SIZE;
            Term flag = flags.apply(a.initialisedFlag(offset), b.initialisedFlag(offset));
            if (!flag.equals(Term.ZERO)) conditional.put(offset, flag);
        }
        var joined = new ArrayList<Cell>();
        for (Cell c : a.cells) {
            Optional<Cell> same = b.cells.stream().filter(d -> d.offset() == c.offset() && d.size() == c.size()).findFirst();
            if (same.isPresent()) {
                joined.add(new Cell(c.offset(), c.size(), values.apply(c.value(), same.get().value())));
            } else if (isPoison(c.value())) {
                joined.add(new Cell(c.offset(), c.size(), Value.MIXED));
            }
        }
        for (Cell d : b.cells) {
            boolean inA = a.cells.stream().anyMatch(c -> c.offset() == d.offset() && c.size() == d.size());
            if (!inA && isPoison(d.value())) joined.add(new Cell(d.offset(), d.size(), Value.MIXED));
        }
        return new StackMemory(init, conditional, disjoint(joined));
    }

    /** Merges overlapping cells into one MIXED cell covering them. */
    private static List<Cell> disjoint(List<Cell> cells) {
        var sorted = new ArrayList<>(cells);
        sorted.sort(java.util.Comparator.comparingInt(Cell::offset));
        var out = new ArrayList<Cell>();
        for (Cell c : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).end() > c.offset()) {
                Cell last = out.remove(out.size() - 1);
                int end = Math.max(last.end(), c.end());
                out.add(new Cell(last.offset(), end - last.offset(), Value.MIXED));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    public boolean sameAs(StackMemory other) {
        return initialised.equals(other.initialised) && conditional.equals(other.conditional) && cells.equals(other.cells);
    }
}

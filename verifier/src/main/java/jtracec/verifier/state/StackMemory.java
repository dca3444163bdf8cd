package jtracec.verifier.state;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import jtracec.spec.kernel.KernelLimits;

/**
 * The stack frame as the analysis knows it: which bytes are initialised on every path (byte
 * precise) and what values were spilled where. Cells never overlap. A pointer cell that is
 * partly overwritten leaves {@link Value.Mixed} remnants, so pointer bytes can never be read back
 * as a number (and leak). Immutable; offsets are relative to the frame pointer, in [-512, 0).
 */
public final class StackMemory {
    public static final int SIZE = KernelLimits.STACK_SIZE;
    public static final StackMemory EMPTY = new StackMemory(new BitSet(SIZE), List.of());

    /** A value stored at {@code [offset, offset + size)}. */
    public record Cell(int offset, int size, Value value) {
        int end() {
            return offset + size;
        }

        boolean overlaps(int lo, int hi) {
            return offset < hi && lo < end();
        }
    }

    private final BitSet initialised; // bit i is byte fp-512+i
    private final List<Cell> cells;

    private StackMemory(BitSet initialised, List<Cell> cells) {
        this.initialised = initialised;
        this.cells = List.copyOf(cells);
    }

    public boolean isInitialised(int offset) {
        return offset >= -SIZE && offset < 0 && initialised.get(offset + SIZE);
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

    /** Stores {@code value} (or unknown bytes when empty) at a known offset; the range must be in the frame. */
    public StackMemory write(int offset, int size, Optional<Value> value) {
        int lo = Math.max(offset, -SIZE), hi = Math.min(offset + size, 0);
        if (lo >= hi) return this;
        var init = (BitSet) initialised.clone();
        init.set(lo + SIZE, hi + SIZE);
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
        return new StackMemory(init, kept);
    }

    /** A store at an offset the analysis does not know: bytes may change anywhere. */
    public StackMemory writeSomewhere() {
        var kept = new ArrayList<Cell>();
        for (Cell c : cells) {
            if (isPoison(c.value())) kept.add(new Cell(c.offset(), c.size(), Value.MIXED));
        }
        return new StackMemory(initialised, kept);
    }

    /** What a load of a known range gives: the spilled value, MIXED over pointer bytes, or empty for "some number". */
    public Optional<Value> read(int offset, int size) {
        int hi = offset + size;
        for (Cell c : cells) {
            if (!c.overlaps(offset, hi)) continue;
            if (c.offset() == offset && c.size() == size) return Optional.of(c.value());
            if (isPoison(c.value())) return Optional.of(Value.MIXED);
        }
        return Optional.empty();
    }

    /** True when a range (possibly unknown) might contain pointer bytes. */
    public boolean mayHoldPointers(int lo, int hi) {
        return cells.stream().anyMatch(c -> c.overlaps(lo, hi) && isPoison(c.value()));
    }

    private static boolean isPoison(Value v) {
        return v.isPointer() || v instanceof Value.Mixed;
    }

    /** The join: bytes initialised on both paths; cells both agree on, joined by {@code values}. */
    public static StackMemory join(StackMemory a, StackMemory b, java.util.function.BinaryOperator<Value> values) {
        var init = (BitSet) a.initialised.clone();
        init.and(b.initialised);
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
        return new StackMemory(init, disjoint(joined));
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
        return initialised.equals(other.initialised) && cells.equals(other.cells);
    }
}

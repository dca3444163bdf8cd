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

    /** Stores {@code value} (or unknown bytes when empty) at a known offset; the range must be in the frame. */
    public StackMemory write(int offset, int size, Optional<Value> value) {
        int lo = Math.max(offset, -SIZE), hi = Math.min(offset + size, 0);
        if (lo >= hi) return this;
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

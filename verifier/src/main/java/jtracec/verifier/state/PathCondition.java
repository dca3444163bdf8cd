package jtracec.verifier.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The conjunction of conditions under which a program point is reached: a persistent list, so
 * states along a path share their prefix and a join can factor out what both paths agree on.
 */
public final class PathCondition {
    public static final PathCondition EMPTY = new PathCondition(Formula.TRUE, null, 0);

    private final Formula head;
    private final PathCondition tail;
    private final int depth;

    private PathCondition(Formula head, PathCondition tail, int depth) {
        this.head = head;
        this.tail = tail;
        this.depth = depth;
    }

    public PathCondition and(Formula condition) {
        if (condition.isTrue() || isInfeasible()) return this;
        return new PathCondition(condition, this, depth + 1);
    }

    /** True when a conjunct folded to false: the point is unreachable along this path. */
    public boolean isInfeasible() {
        return head.isFalse();
    }

    /** The conjuncts, oldest first. */
    public List<Formula> conjuncts() {
        var out = new ArrayList<Formula>(depth);
        for (PathCondition p = this; p.tail != null; p = p.tail) out.add(p.head);
        Collections.reverse(out);
        return out;
    }

    /** The longest shared prefix of two path conditions. */
    public static PathCondition common(PathCondition a, PathCondition b) {
        while (a.depth > b.depth) a = a.tail;
        while (b.depth > a.depth) b = b.tail;
        while (a != b) {
            a = a.tail;
            b = b.tail;
        }
        return a;
    }

    /** The conjuncts added after {@code prefix}, which must be a prefix of this. */
    public Formula since(PathCondition prefix) {
        var parts = new ArrayList<Formula>();
        for (PathCondition p = this; p != prefix; p = p.tail) {
            if (p.tail == null) throw new IllegalStateException("bug: not a prefix");
            parts.add(p.head);
        }
        Collections.reverse(parts);
        return Formula.and(parts);
    }

    /** True when {@code condition} is one of the conjuncts (syntactically: no solver). */
    public boolean contains(Formula condition) {
        for (PathCondition p = this; p.tail != null; p = p.tail) {
            if (p.head.equals(condition)) return true;
        }
        return false;
    }

    public int depth() {
        return depth;
    }
}

package jtracec.verifier.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition over {@link Term}s: path conditions, join constraints and obligation violations.
 * Smart constructors fold constants, so a formula about known values is {@link #TRUE} or
 * {@link #FALSE} and never reaches the solver.
 */
public sealed interface Formula {

    record Bool(boolean value) implements Formula {}

    /** {@code left op right} on the low {@code width} bits. */
    record Compare(CmpOp op, Term.Width width, Term left, Term right) implements Formula {}

    record And(List<Formula> operands) implements Formula {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Formula> operands) implements Formula {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    record Not(Formula operand) implements Formula {}

    enum CmpOp {
        EQ, NE, ULT, ULE, UGT, UGE, SLT, SLE, SGT, SGE;

        public CmpOp negate() {
            return switch (this) {
                case EQ -> NE;
                case NE -> EQ;
                case ULT -> UGE;
                case ULE -> UGT;
                case UGT -> ULE;
                case UGE -> ULT;
                case SLT -> SGE;
                case SLE -> SGT;
                case SGT -> SLE;
                case SGE -> SLT;
            };
        }

        public boolean holds(long a, long b) {
            return switch (this) {
                case EQ -> a == b;
                case NE -> a != b;
                case ULT -> Long.compareUnsigned(a, b) < 0;
                case ULE -> Long.compareUnsigned(a, b) <= 0;
                case UGT -> Long.compareUnsigned(a, b) > 0;
                case UGE -> Long.compareUnsigned(a, b) >= 0;
                case SLT -> a < b;
                case SLE -> a <= b;
                case SGT -> a > b;
                case SGE -> a >= b;
            };
        }
    }

    Formula TRUE = new Bool(true);
    Formula FALSE = new Bool(false);

    default boolean isTrue() {
        return this instanceof Bool b && b.value();
    }

    default boolean isFalse() {
        return this instanceof Bool b && !b.value();
    }

    static Formula compare(CmpOp op, Term.Width width, Term left, Term right) {
        if (left instanceof Term.Const a && right instanceof Term.Const b) {
            long x = a.value(), y = b.value();
            if (width == Term.Width.W32) {
                boolean signed = op == CmpOp.SLT || op == CmpOp.SLE || op == CmpOp.SGT || op == CmpOp.SGE;
                x = signed ? (int) x : x & 0xffffffffL;
                y = signed ? (int) y : y & 0xffffffffL;
            }
            return op.holds(x, y) ? TRUE : FALSE;
        }
        if (width == Term.Width.W64 && left.equals(right)) {
            return switch (op) {
                case EQ, ULE, UGE, SLE, SGE -> TRUE;
                case NE, ULT, UGT, SLT, SGT -> FALSE;
            };
        }
        return new Compare(op, width, left, right);
    }

    static Formula eq(Term left, Term right) {
        return compare(CmpOp.EQ, Term.Width.W64, left, right);
    }

    static Formula ne(Term left, Term right) {
        return compare(CmpOp.NE, Term.Width.W64, left, right);
    }

    static Formula sle(Term left, Term right) {
        return compare(CmpOp.SLE, Term.Width.W64, left, right);
    }

    static Formula and(Formula... operands) {
        return and(List.of(operands));
    }

    static Formula and(List<Formula> operands) {
        var kept = new ArrayList<Formula>();
        for (Formula f : operands) {
            if (f.isFalse()) return FALSE;
            if (f.isTrue()) continue;
            if (f instanceof And nested) kept.addAll(nested.operands());
            else kept.add(f);
        }
        return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : new And(kept);
    }

    static Formula or(Formula... operands) {
        return or(List.of(operands));
    }

    static Formula or(List<Formula> operands) {
        var kept = new ArrayList<Formula>();
        for (Formula f : operands) {
            if (f.isTrue()) return TRUE;
            if (f.isFalse()) continue;
            if (f instanceof Or nested) kept.addAll(nested.operands());
            else kept.add(f);
        }
        return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : new Or(kept);
    }

    static Formula not(Formula operand) {
        return switch (operand) {
            case Bool b -> b.value() ? FALSE : TRUE;
            case Not n -> n.operand();
            case Compare c -> new Compare(c.op().negate(), c.width(), c.left(), c.right());
            case And a -> new Not(a);
            case Or o -> new Not(o);
        };
    }
}

package jtracec.verifier.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import jtracec.spec.isa.Reg;

/**
 * Joins the states of two paths at a merge point without losing soundness or exploding: the path
 * conditions are factored into their shared prefix and one disjunction of what each path added;
 * values that differ are replaced by fresh variables constrained, inside that disjunction, to
 * equal each path's value (an SSA phi). A diamond (the paths differ by one condition and its
 * negation) needs no disjunction: differing values become {@code ite(condition, x, y)}. A pointer
 * joined with what its null check left on the other path, or with the number 0, is that pointer,
 * nullable (again). Other kinds that differ become {@link Value.Mixed}, or
 * {@link Value.Uninit} when either side is uninitialised; stack bytes stay initialised only if
 * they are on both paths, and otherwise carry a phi flag that is non-zero on the paths that wrote them.
 */
public final class Join {
    private final Fresh fresh;

    public Join(Fresh fresh) {
        this.fresh = fresh;
    }

    public AbstractState join(AbstractState a, AbstractState b, int pc) {
        if (a.isInfeasible()) return b;
        if (b.isInfeasible()) return a;
        PathCondition common = PathCondition.common(a.path(), b.path());
        Formula restA = a.path().since(common), restB = b.path().since(common);
        var phis = new Phis(pc, Formula.not(restA).equals(restB) ? Optional.of(restA) : Optional.empty(), a.path(), b.path());
        var regs = new Value[Reg.COUNT];
        for (int i = 0; i < Reg.COUNT; i++) regs[i] = value(a.register(i), b.register(i), phis);
        StackMemory stack = StackMemory.join(a.stack(), b.stack(), (x, y) -> value(x, y, phis), phis::term);
        var held = new TreeMap<Integer, AbstractState.Held>();
        for (int id : union(a, b)) {
            AbstractState.Held x = a.reservations().get(id), y = b.reservations().get(id);
            Term address = x != null ? x.address() : y.address();
            if (x != null && y != null) address = phis.term(x.address(), y.address());
            Term live = phis.term(x != null ? x.live() : Term.ZERO, y != null ? y.live() : Term.ZERO);
            held.put(id, new AbstractState.Held(address, live));
        }
        if (phis.branch.isPresent()) return new AbstractState(regs, stack, held, common);
        Formula left = Formula.and(restA, Formula.and(phis.left));
        Formula right = Formula.and(restB, Formula.and(phis.right));
        return new AbstractState(regs, stack, held, common.and(Formula.or(left, right)));
    }

    private static List<Integer> union(AbstractState a, AbstractState b) {
        var ids = new java.util.TreeSet<>(a.reservations().keySet());
        ids.addAll(b.reservations().keySet());
        return new ArrayList<>(ids);
    }

    private Value value(Value x, Value y, Phis phis) {
        if (x.equals(y)) return x;
        if (x instanceof Value.Uninit || y instanceof Value.Uninit) return Value.UNINIT;
        if (isUnmodified(y) && isZero(x, phis.leftPath)) return nullable(y, phis.term(Term.ZERO, address(y)));
        if (isUnmodified(x) && isZero(y, phis.rightPath)) return nullable(x, phis.term(address(x), Term.ZERO));
        return switch (x) {
            case Value.Scalar s when y instanceof Value.Scalar t -> new Value.Scalar(phis.term(s.value(), t.value()));
            case Value.CtxPointer p when y instanceof Value.CtxPointer q -> new Value.CtxPointer(phis.term(p.offset(), q.offset()));
            case Value.StackPointer p when y instanceof Value.StackPointer q -> new Value.StackPointer(phis.term(p.offset(), q.offset()));
            case Value.MapValuePointer p when y instanceof Value.MapValuePointer q && p.map() == q.map() ->
                    new Value.MapValuePointer(p.map(), phis.term(p.offset(), q.offset()), phis.term(p.address(), q.address()),
                            p.isNullable() || q.isNullable());
            case Value.ReservationPointer p when y instanceof Value.ReservationPointer q && p.id() == q.id() && p.size() == q.size() ->
                    new Value.ReservationPointer(p.id(), p.size(), phis.term(p.offset(), q.offset()),
                            phis.term(p.address(), q.address()), p.isNullable() || q.isNullable());
            default -> Value.MIXED;
        };
    }

    /**
     * A pointer on one path joined with the number 0 on the other (what its null check left there,
     * or any 0): the pointer, nullable (the kernel's PTR_TO_MAP_VALUE_OR_NULL), with {@code address}
     * as its address, 0 exactly on the paths where it was the number 0. Only a null check makes it usable again, and on its non-null edge the paths where
     * it was 0 are infeasible; every path the kernel walks separately sees a number 0 or a valid
     * pointer compared with 0, both of which it allows.
     */
    private static Value nullable(Value pointer, Term address) {
        return switch (pointer) {
            case Value.MapValuePointer p -> new Value.MapValuePointer(p.map(), p.offset(), address, true);
            case Value.ReservationPointer p -> new Value.ReservationPointer(p.id(), p.size(), p.offset(), address, true);
            default -> throw new IllegalStateException("bug: not a nullable pointer kind " + pointer);
        };
    }

    private static Term address(Value pointer) {
        return switch (pointer) {
            case Value.MapValuePointer p -> p.address();
            case Value.ReservationPointer p -> p.address();
            default -> throw new IllegalStateException("bug: not a nullable pointer kind " + pointer);
        };
    }

    /**
     * The number 0 on {@code path}: the constant, or a number the path compared equal to 0
     * ({@code if r6 == 0}, the fall-through of {@code if r6 != 0}), as the kernel knows it there.
     */
    private static boolean isZero(Value v, PathCondition path) {
        if (!(v instanceof Value.Scalar s)) return false;
        if (s.value() instanceof Term.Const c) return c.value() == 0;
        return path.contains(Formula.compare(Formula.CmpOp.EQ, Term.Width.W64, s.value(), Term.ZERO))
                || path.contains(Formula.not(Formula.compare(Formula.CmpOp.NE, Term.Width.W64, s.value(), Term.ZERO)));
    }

    /** A lookup's or reservation's pointer as the helper returned it (offset 0): what a null check can refine. */
    private static boolean isUnmodified(Value v) {
        Term offset = switch (v) {
            case Value.MapValuePointer p -> p.offset();
            case Value.ReservationPointer p -> p.offset();
            default -> Term.constant(1);
        };
        return offset instanceof Term.Const c && c.value() == 0;
    }

    /**
     * The merged terms of one join. When the two paths differ by exactly one branch condition and
     * its negation (a diamond), a merged term is {@code ite(condition, x, y)} and the path
     * condition is just the shared prefix; otherwise it is a fresh variable with one equality per
     * side, and the join adds the disjunction.
     */
    private final class Phis {
        final int pc;
        final Optional<Formula> branch;
        final PathCondition leftPath, rightPath;
        final List<Formula> left = new ArrayList<>();
        final List<Formula> right = new ArrayList<>();
        final java.util.Map<List<Term>, Term> made = new java.util.HashMap<>();

        Phis(int pc, Optional<Formula> branch, PathCondition leftPath, PathCondition rightPath) {
            this.pc = pc;
            this.branch = branch;
            this.leftPath = leftPath;
            this.rightPath = rightPath;
        }

        Term term(Term x, Term y) {
            if (x.equals(y)) return x;
            if (branch.isPresent()) return made.computeIfAbsent(List.of(x, y), k -> Term.ite(branch.get(), x, y));
            return made.computeIfAbsent(List.of(x, y), k -> {
                Term.Var v = fresh.variable("join@" + pc);
                left.add(Formula.eq(v, x));
                right.add(Formula.eq(v, y));
                return v;
            });
        }
    }
}

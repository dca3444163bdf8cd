package jtracec.verifier.state;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

/** The free variables of terms and formulas (shared subterms visited once). */
public final class Variables {
    private final Set<Term.Var> found = new HashSet<>();
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    public static Set<Term.Var> of(Term term) {
        var v = new Variables();
        v.term(term);
        return v.found;
    }

    public static Set<Term.Var> of(Formula formula) {
        var v = new Variables();
        v.formula(formula);
        return v.found;
    }

    private void term(Term t) {
        if (!seen.add(t)) return;
        switch (t) {
            case Term.Const c -> {}
            case Term.Var v -> found.add(v);
            case Term.Binary b -> {
                term(b.left());
                term(b.right());
            }
            case Term.Extend e -> term(e.operand());
            case Term.Ite i -> {
                formula(i.condition());
                term(i.then());
                term(i.otherwise());
            }
        }
    }

    private void formula(Formula f) {
        if (!seen.add(f)) return;
        switch (f) {
            case Formula.Bool b -> {}
            case Formula.Compare c -> {
                term(c.left());
                term(c.right());
            }
            case Formula.And a -> a.operands().forEach(this::formula);
            case Formula.Or o -> o.operands().forEach(this::formula);
            case Formula.Not n -> formula(n.operand());
        }
    }
}

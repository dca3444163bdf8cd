package jtracec.verifier.smt;

import java.util.ArrayList;
import java.util.HashSet;
import jtracec.verifier.state.Formula;
import jtracec.verifier.state.Fresh;
import jtracec.verifier.state.Variables;
import jtracec.verifier.obligation.Counterexample;
import jtracec.verifier.obligation.Goal;
import jtracec.verifier.obligation.Verdict;
import jtracec.verifier.state.PathCondition;

/**
 * Decides goals: a goal is proved when its violation is unsatisfiable under the path condition,
 * refuted with a counterexample when satisfiable, undecided when the solver gives up. Violations
 * that fold to false are proved without a query.
 */
public final class ObligationChecker {
    private final SmtSession session;
    private final Fresh fresh;
    private int queries;

    public ObligationChecker(SmtSession session, Fresh fresh) {
        this.session = session;
        this.fresh = fresh;
    }

    public Verdict check(Goal goal, PathCondition path) {
        if (goal.violation().isFalse() || path.isInfeasible()) return new Verdict.Proved(goal.obligation());
        queries++;
        try (Prover prover = Prover.open(session)) {
            prover.assume(path.conjuncts());
            return switch (prover.check(goal.violation())) {
                case SmtResult.Sat sat -> new Verdict.Refuted(goal.obligation(), counterexample(goal, path, sat.model()));
                case SmtResult.Unsat unsat -> new Verdict.Proved(goal.obligation());
                case SmtResult.GaveUp gaveUp -> new Verdict.Undecided(goal.obligation(), "the solver gave up: " + gaveUp.reason());
            };
        }
    }

    /** Solver queries made so far (goals that did not fold). */
    public int queries() {
        return queries;
    }

    /** Values of the witnesses that share a variable with the violation or the path condition, so the note names what matters. */
    private Counterexample counterexample(Goal goal, PathCondition path, SmtModel model) {
        var relevant = new HashSet<>(Variables.of(goal.violation()));
        for (Formula f : path.conjuncts()) relevant.addAll(Variables.of(f));
        var bindings = new ArrayList<Counterexample.Binding>();
        for (Goal.Witness w : goal.witnesses()) {
            // where the access starts is always shown; a register, input or $variable only when it matters
            boolean isOffset = w.name().equals("offset") || w.name().equals("fp offset");
            if (isOffset || Variables.of(w.term()).stream().anyMatch(relevant::contains)) {
                bindings.add(new Counterexample.Binding(w.name(), model.valueOf(w.term())));
            }
        }
        var inputs = new ArrayList<Counterexample.Input>();
        fresh.inputs().forEach((variable, origin) -> inputs.add(new Counterexample.Input(origin, model.valueOf(variable))));
        return new Counterexample(bindings, goal.context(), inputs);
    }
}

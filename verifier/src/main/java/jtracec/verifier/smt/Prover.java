package jtracec.verifier.smt;

import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import java.util.List;
import jtracec.verifier.state.Formula;

/** One satisfiability query: assumptions, then a check of a violation formula. Lives for one query. */
public final class Prover implements AutoCloseable {
    private final SmtSession session;
    private final Solver solver;

    private Prover(SmtSession session) {
        this.session = session;
        this.solver = session.z3().mkSolver(session.z3().mkSymbol("QF_BV"));
        Params params = session.z3().mkParams();
        params.add("timeout", (int) Math.min(Integer.MAX_VALUE, Math.max(1, session.budget().toMillis())));
        solver.setParameters(params);
    }

    public static Prover open(SmtSession session) {
        return new Prover(session);
    }

    public void assume(List<Formula> conditions) {
        for (Formula f : conditions) solver.add(session.encoder().formula(f));
    }

    public SmtResult check(Formula violation) {
        solver.add(session.encoder().formula(violation));
        Status status = solver.check();
        return switch (status) {
            case UNSATISFIABLE -> new SmtResult.Unsat();
            case SATISFIABLE -> new SmtResult.Sat(modelOf(solver.getModel()));
            case UNKNOWN -> new SmtResult.GaveUp(solver.getReasonUnknown());
        };
    }

    private SmtModel modelOf(Model model) {
        return term -> {
            var value = model.eval(session.encoder().term(term), true);
            if (!(value instanceof BitVecNum number)) throw new IllegalStateException("bug: model value " + value + " is not a number");
            return number.getBigInteger().longValue();
        };
    }

    @Override
    public void close() {
        solver.reset();
    }
}

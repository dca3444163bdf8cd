package jtracec.verifier;

import java.util.ArrayList;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.verifier.smt.SmtSession;

/**
 * Proves every program of an object safe, or explains why not. After it, the report holds a
 * {@link VerifiedObject} exactly when every obligation of every program is proved.
 */
public final class Verifier {
    private final VerifierOptions options;

    public Verifier(VerifierOptions options) {
        this.options = options;
    }

    /** Lets the solver load in the background while the caller compiles; verifying works without it. */
    public static void preloadSolver() {
        SmtSession.preloadInBackground();
    }

    public VerificationReport verify(BpfObject object, Target target) {
        var reports = new ArrayList<ProgramReport>();
        for (BpfProgram program : object.programs()) {
            reports.add(new ProgramVerifier(object, program, target, options).verify());
        }
        return new VerificationReport(object, reports);
    }
}

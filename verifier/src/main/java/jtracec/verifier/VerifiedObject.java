package jtracec.verifier;

import jtracec.spec.object.BpfObject;

/**
 * An object every obligation of which was proved. Only the verifier constructs it, so holding one
 * is the proof: the loader accepts nothing else.
 */
public final class VerifiedObject {
    private final BpfObject object;
    private final VerificationReport report;

    VerifiedObject(BpfObject object, VerificationReport report) {
        if (!report.isProved()) throw new IllegalStateException("bug: verified object from a report with unproved obligations");
        this.object = object;
        this.report = report;
    }

    public BpfObject object() {
        return object;
    }

    public VerificationReport report() {
        return report;
    }
}

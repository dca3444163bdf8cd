package jtracec.cli.differential;

import java.util.List;
import jtracec.spec.isa.Insn;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/**
 * A subject with one planted fault: {@code object} holds the single mutated program and the
 * (possibly mutated) maps; {@code change} says what was changed where, for the report.
 */
record Mutant(Subject subject, MutationKind kind, String change, BpfObject object) {
    BpfProgram program() {
        return object.programs().get(0);
    }

    List<Insn> insns() {
        return program().insns();
    }

    /** True when the maps differ from the subject's, so they must be created afresh for the kernel. */
    boolean changesMaps() {
        return !object.maps().equals(subject.object().maps());
    }
}

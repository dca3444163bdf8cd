package jtracec.cli.differential;

import java.util.List;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/** One compiled program to mutate, with the object whose maps it refers to; {@code origin} names the script. */
record Subject(String origin, BpfObject object, BpfProgram program) {
    /** The object reduced to this one program: what both verifiers are asked about. */
    BpfObject alone() {
        return new BpfObject(object.sourceName(), List.of(program), object.maps(), object.printfs());
    }

    String name() {
        return origin + ":" + program.probe();
    }
}

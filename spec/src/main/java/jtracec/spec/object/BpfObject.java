package jtracec.spec.object;

import java.util.List;
import java.util.Optional;
import jtracec.spec.kernel.MapType;

/**
 * A compiled trace script: programs, the maps they share, and the event formats user space
 * needs to print what they send, and what BEGIN sends when the compiler could run it itself.
 * Built by codegen, checked by the verifier, loaded by the loader.
 */
public record BpfObject(String sourceName, List<BpfProgram> programs, List<MapSpec> maps, List<PrintfSpec> printfs,
        Optional<EvaluatedBegin> evaluatedBegin) {
    public static final String LICENSE = "GPL";

    public BpfObject {
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        printfs = List.copyOf(printfs);
    }

    /** An object whose BEGIN probes, if any, are programs. */
    public BpfObject(String sourceName, List<BpfProgram> programs, List<MapSpec> maps, List<PrintfSpec> printfs) {
        this(sourceName, programs, maps, printfs, Optional.empty());
    }

    /**
     * Index of the first ring buffer that carries events to user space, if any program sends any;
     * END programs may have one of their own besides (jtracec's compiler gives them one when their
     * events provably fit it).
     */
    public Optional<Integer> eventMap() {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).type() == MapType.RINGBUF) return Optional.of(i);
        }
        return Optional.empty();
    }
}

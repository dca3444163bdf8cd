package jtracec.loader.elf;

import java.util.List;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;

/**
 * An eBPF object built by another compiler, as the verifier takes it, with the texts its spans
 * point into: the C lines that {@code .BTF.ext} recorded (unknown lines empty) and, for code
 * without line info, one listing per section whose line {@code n} is instruction {@code n - 1}.
 */
public record ForeignObject(BpfObject object, List<SourceFile> sources) {
    public ForeignObject {
        sources = List.copyOf(sources);
    }
}

package jtracec.compiler.ast;

import java.util.List;
import jtracec.spec.source.SourceSpan;

/** A whole script after preprocessing. */
public record Program(List<Include> includes, List<StructDecl> structs, List<Probe> probes, SourceSpan span) {
    public Program {
        includes = List.copyOf(includes);
        structs = List.copyOf(structs);
        probes = List.copyOf(probes);
    }
}

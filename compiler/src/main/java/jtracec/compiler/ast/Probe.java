package jtracec.compiler.ast;

import java.util.List;
import java.util.Optional;
import jtracec.spec.source.SourceSpan;

/** A probe: one or more attach points, an optional predicate, and a body. */
public record Probe(List<AttachSpec> attachPoints, Optional<Expr> predicate, Stmt.Block body, SourceSpan span) {
    public Probe { attachPoints = List.copyOf(attachPoints); }
}

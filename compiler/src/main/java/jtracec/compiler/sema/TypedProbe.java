package jtracec.compiler.sema;

import java.util.List;
import jtracec.compiler.ast.Probe;

/** A probe with its attach points expanded; lowering emits one program per concrete point. */
public record TypedProbe(Probe probe, List<ConcreteProbe> points) {
    public TypedProbe { points = List.copyOf(points); }
}

package jtracec.verifier.report;

import java.util.List;
import jtracec.verifier.obligation.Obligation;
import jtracec.verifier.obligation.Verdict;

/** Prints a program's bytecode with, under each instruction, the state before it and what was proved there. */
public final class ExplainPrinter {

    public String print(String title, List<PointFacts> points) {
        var out = new StringBuilder(title).append(":\n");
        for (PointFacts p : points) {
            out.append("%4d: %s%n".formatted(p.pc(), p.instruction()));
            if (!p.state().isEmpty()) out.append("        ; ").append(p.state()).append('\n');
            if (!p.variables().isEmpty()) out.append("        ; variables: ").append(p.variables()).append('\n');
            for (Verdict v : p.verdicts()) out.append("        ; ").append(describe(v)).append('\n');
        }
        return out.toString();
    }

    private static String describe(Verdict v) {
        return switch (v) {
            case Verdict.Proved p -> "proved " + fact(p.obligation());
            case Verdict.Refuted r -> "REFUTED " + fact(r.obligation()) + ": " + r.counterexample().render();
            case Verdict.Undecided u -> "UNDECIDED " + fact(u.obligation()) + ": " + u.reason();
        };
    }

    static String fact(Obligation o) {
        return switch (o) {
            case Obligation.InBounds b -> "InBounds r%d%+d size %s in %s".formatted(b.base(), b.access().offset(), b.access().size(), b.region().describe());
            case Obligation.NotNull n -> "NotNull r" + n.base();
            case Obligation.Initialised i -> switch (i.subject()) {
                case Obligation.Subject.Register r -> "Initialised r" + r.reg();
                case Obligation.Subject.StackBytes b -> "Initialised stack bytes at r%d%+d size %s".formatted(b.base(), b.access().offset(), b.access().size());
            };
            case Obligation.HelperArg h -> "HelperArg %s arg %d is %s".formatted(h.helper().kernelName(), h.index() + 1, h.expected());
            case Obligation.PointerUse u -> "PointerUse r%d is %s".formatted(u.reg(), u.requirement());
            case Obligation.NoPointerLeak l -> "NoPointerLeak r%d into %s".formatted(l.source(), l.destination());
            case Obligation.ReservationReleased r -> "ReservationReleased";
            case Obligation.LoopBound l -> l.maxIterations() > 0
                    ? "LoopBound header %d, at most %d iterations".formatted(l.header(), l.maxIterations())
                    : "LoopBound back edge to %d".formatted(l.header());
            case Obligation.DivisorNonZero d -> "DivisorNonZero r" + d.divisor();
        };
    }
}

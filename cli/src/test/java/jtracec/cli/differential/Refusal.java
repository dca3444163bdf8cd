package jtracec.cli.differential;

import java.util.List;
import java.util.Optional;
import jtracec.spec.diag.Diagnostic;
import jtracec.verifier.Finding;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.obligation.Obligation;
import jtracec.verifier.obligation.Verdict;

/**
 * Why jtracec refused a program: the first error that is not the deliberate uninitialised-stack
 * policy, by code and obligation ({@code E0301 InBounds(map value)}), or the policy itself when it
 * is the only reason. {@code isUninitialisedStackPolicy} is true when every error is a read of
 * uninitialised stack bytes: the kernel lets a privileged loader do that ({@code allow_uninit_stack}),
 * jtracec never does (issue 6's "no use of uninitialised registers or stack bytes").
 */
record Refusal(String reason, boolean isUninitialisedStackPolicy, String message) {
    static final String UNINITIALISED_STACK = "E0303 Initialised(stack)";

    static Refusal of(VerificationReport report) {
        List<Finding> errors = report.programs().stream().flatMap(p -> p.findings().stream())
                .filter(f -> f.diagnostic().isError()).toList();
        if (errors.isEmpty()) return new Refusal("no error diagnostic", false, "");
        Optional<Finding> other = errors.stream().filter(f -> !isUninitialisedStack(f)).findFirst();
        Finding first = other.orElse(errors.get(0));
        Diagnostic d = first.diagnostic();
        return new Refusal(d.code().id() + " " + first.verdict().map(v -> describe(v.obligation()) + undecided(v)).orElse("structural"),
                other.isEmpty(), d.message());
    }

    static Refusal crashed() {
        return new Refusal("verifier crashed", false, "");
    }

    private static boolean isUninitialisedStack(Finding f) {
        return f.verdict().map(Verdict::obligation)
                .filter(o -> o instanceof Obligation.Initialised i && i.subject() instanceof Obligation.Subject.StackBytes).isPresent();
    }

    private static String undecided(Verdict v) {
        return v instanceof Verdict.Undecided ? " undecided" : "";
    }

    /** The obligation kind with what it is about, coarse enough to count: the region, the helper argument, the requirement. */
    private static String describe(Obligation o) {
        return switch (o) {
            case Obligation.InBounds b -> "InBounds(%s)".formatted(b.region().kind().name().toLowerCase(java.util.Locale.ROOT));
            case Obligation.Initialised i -> i.subject() instanceof Obligation.Subject.StackBytes ? "Initialised(stack)" : "Initialised(register)";
            case Obligation.HelperArg h -> "HelperArg(%s arg %d %s)".formatted(h.helper(), h.index() + 1, h.expected());
            case Obligation.PointerUse p -> "PointerUse(%s)".formatted(p.requirement().replaceAll("\\b-?\\d+\\b", "N"));
            case Obligation.NoPointerLeak l -> "NoPointerLeak(%s)".formatted(l.destination());
            case Obligation.NotNull n -> "NotNull";
            case Obligation.ReservationReleased r -> "ReservationReleased";
            case Obligation.LoopBound l -> "LoopBound";
            case Obligation.DivisorNonZero d -> "DivisorNonZero";
        };
    }

}

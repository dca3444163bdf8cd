package jtracec.cli.differential;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jtracec.verifier.Finding;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.obligation.Obligation;
import jtracec.verifier.obligation.Verdict;

/**
 * Why jtracec refused a program: the first error that no deliberate policy explains, by code and
 * obligation ({@code E0301 InBounds(map_value)}), or the policy when policies explain every error.
 */
record Refusal(String reason, Optional<Policy> policy) {
    /** Where jtracec is stricter than a privileged kernel loader on purpose (ARCHITECTURE.md, issue 6's obligation list). */
    enum Policy {
        /** Reads of uninitialised stack bytes: the kernel lets a CAP_PERFMON loader do it ({@code allow_uninit_stack}); we never do. */
        UNINITIALISED_STACK,
        /** Pointers copied to user-visible memory (map keys and values, output records): the kernel lets root do it ({@code allow_ptr_leaks}). */
        POINTER_LEAK
    }

    static Refusal of(VerificationReport report) {
        List<Finding> errors = report.programs().stream().flatMap(p -> p.findings().stream())
                .filter(f -> f.diagnostic().isError()).toList();
        if (errors.isEmpty()) return new Refusal("no error diagnostic", Optional.empty());
        Optional<Finding> unexplained = errors.stream().filter(f -> policyOf(f).isEmpty()).findFirst();
        Finding first = unexplained.orElse(errors.get(0));
        String reason = first.diagnostic().code().id() + " "
                + first.verdict().map(v -> describe(v.obligation()) + (v instanceof Verdict.Undecided ? " undecided" : "")).orElse("structural");
        return new Refusal(reason, unexplained.isPresent() ? Optional.empty() : policyOf(first));
    }

    static Refusal crashed() {
        return new Refusal("verifier crashed", Optional.empty());
    }

    boolean isPolicy(Policy p) {
        return policy.equals(Optional.of(p));
    }

    private static Optional<Policy> policyOf(Finding f) {
        return f.verdict().map(Verdict::obligation).flatMap(o -> switch (o) {
            case Obligation.Initialised i when i.subject() instanceof Obligation.Subject.StackBytes -> Optional.of(Policy.UNINITIALISED_STACK);
            case Obligation.NoPointerLeak l -> Optional.of(Policy.POINTER_LEAK);
            default -> Optional.<Policy>empty();
        });
    }

    /** The obligation kind with what it is about, coarse enough to count: the region, the helper argument, the requirement. */
    private static String describe(Obligation o) {
        return switch (o) {
            case Obligation.InBounds b -> "InBounds(%s)".formatted(b.region().kind().name().toLowerCase(Locale.ROOT));
            case Obligation.Initialised i -> i.subject() instanceof Obligation.Subject.StackBytes ? "Initialised(stack)" : "Initialised(register)";
            case Obligation.HelperArg h -> "HelperArg(%s arg %d %s)".formatted(h.helper(), h.index() + 1, h.expected());
            case Obligation.PointerUse p -> "PointerUse(%s)".formatted(p.requirement());
            case Obligation.NoPointerLeak l -> "NoPointerLeak(%s)".formatted(l.destination().replaceAll("map @?\\S+ value", "map value"));
            case Obligation.NotNull n -> "NotNull";
            case Obligation.ReservationReleased r -> "ReservationReleased";
            case Obligation.LoopBound l -> "LoopBound";
            case Obligation.DivisorNonZero d -> "DivisorNonZero";
        };
    }
}

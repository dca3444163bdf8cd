package jtracec.cli.differential;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The imprecise mutants (jtracec refuses, the kernel loads) counted by {@link Refusal} reason, each
 * with its split by mutation kind and one example, and the rate with the deliberate
 * uninitialised-stack policy set apart.
 */
final class RefusalCounts {
    private final List<Campaign.Imprecision> imprecise;

    RefusalCounts(List<Campaign.Imprecision> imprecise) {
        this.imprecise = List.copyOf(imprecise);
    }

    /** Mutants refused only because of {@code policy}: jtracec is stricter on purpose, not imprecision to fix. */
    int count(Refusal.Policy policy) {
        return (int) imprecise.stream().filter(i -> i.refusal().isPolicy(policy)).count();
    }

    /** The count per reason, most frequent first. */
    Map<String, Integer> perReason() {
        var counts = new LinkedHashMap<String, Integer>();
        groups().forEach((reason, list) -> counts.put(reason, list.size()));
        return counts;
    }

    /** One line per reason: count, the split by mutation kind, one example. */
    String table() {
        var out = new StringBuilder("imprecise by reason (the first error no deliberate policy explains; [policy] when policies explain all):\n");
        groups().forEach((reason, list) -> {
            var kinds = new TreeMap<String, Integer>();
            list.forEach(i -> kinds.merge(i.row(), 1, Integer::sum));
            var example = list.get(0);
            out.append("  %5d  %-58s %s%n         e.g. %s %s: %s%n".formatted(list.size(), label(reason, list), kinds,
                    example.subject().name(), example.row(), example.change()));
        });
        return out.toString();
    }

    /**
     * The imprecision rate with and without the deliberate policies: among all {@code mutants}, and
     * among the {@code kernelAccepts} mutants the kernel loads less those a policy refuses (which
     * jtracec refuses by design).
     */
    String summary(int mutants, int kernelAccepts) {
        int all = imprecise.size(), uninit = count(Refusal.Policy.UNINITIALISED_STACK), leak = count(Refusal.Policy.POINTER_LEAK);
        int restUninit = all - uninit, rest = all - uninit - leak;
        return ("differential: imprecise %d (%.1f%% of all, %.1f%% of the %d the kernel loads); policies: uninitialised stack %d, pointer leak %d%n"
                + "differential: imprecise excluding the uninitialised-stack policy %d (%.2f%% of all, %.1f%% of the %d the kernel loads that it allows)%n"
                + "differential: imprecise excluding both policies %d (%.2f%% of all, %.1f%% of the %d the kernel loads that they allow)%n").formatted(
                all, percent(all, mutants), percent(all, kernelAccepts), kernelAccepts, uninit, leak,
                restUninit, percent(restUninit, mutants), percent(restUninit, kernelAccepts - uninit), kernelAccepts - uninit,
                rest, percent(rest, mutants), percent(rest, kernelAccepts - uninit - leak), kernelAccepts - uninit - leak);
    }

    private Map<String, List<Campaign.Imprecision>> groups() {
        var groups = new LinkedHashMap<String, List<Campaign.Imprecision>>();
        imprecise.stream().sorted(Comparator.comparing(i -> key(i)))
                .forEach(i -> groups.computeIfAbsent(key(i), k -> new ArrayList<>()).add(i));
        var sorted = new LinkedHashMap<String, List<Campaign.Imprecision>>();
        groups.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String key(Campaign.Imprecision i) {
        return i.refusal().reason();
    }

    private static String label(String reason, List<Campaign.Imprecision> list) {
        return list.get(0).refusal().policy().map(p -> reason + " [policy]").orElse(reason);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0.0 : 100.0 * part / whole;
    }
}

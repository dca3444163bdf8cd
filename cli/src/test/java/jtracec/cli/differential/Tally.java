package jtracec.cli.differential;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of each {@link Agreement} per row (a mutation kind, or the unmutated programs), printed as the campaign's table. */
final class Tally {
    static final String ORIGINAL = "(unmutated)";

    private final Map<String, EnumMap<Agreement, Integer>> rows = new LinkedHashMap<>();

    void add(String row, Agreement agreement) {
        rows.computeIfAbsent(row, r -> new EnumMap<>(Agreement.class)).merge(agreement, 1, Integer::sum);
    }

    int count(Agreement agreement) {
        return rows.entrySet().stream().filter(e -> !e.getKey().equals(ORIGINAL))
                .mapToInt(e -> e.getValue().getOrDefault(agreement, 0)).sum();
    }

    int count(String row, Agreement agreement) {
        return rows.getOrDefault(row, new EnumMap<>(Agreement.class)).getOrDefault(agreement, 0);
    }

    int mutants() {
        return count(Agreement.BOTH_ACCEPT) + count(Agreement.BOTH_REJECT) + count(Agreement.UNSOUND) + count(Agreement.IMPRECISE);
    }

    /** One line per row: both accept, both reject, unsound, imprecise, and the imprecision rate among what the kernel accepts. */
    String table() {
        var out = new StringBuilder("%-18s %7s %11s %11s %16s %16s %10s%n".formatted(
                "kind", "total", "both-accept", "both-reject", "jtracec-only(!!)", "kernel-only", "imprecise%"));
        rows.forEach((row, counts) -> out.append(line(row, counts)));
        var total = new EnumMap<Agreement, Integer>(Agreement.class);
        for (var agreement : Agreement.values()) total.put(agreement, count(agreement));
        out.append(line("all mutants", total));
        return out.toString();
    }

    private static String line(String row, Map<Agreement, Integer> counts) {
        int accepted = counts.getOrDefault(Agreement.BOTH_ACCEPT, 0), rejected = counts.getOrDefault(Agreement.BOTH_REJECT, 0);
        int unsound = counts.getOrDefault(Agreement.UNSOUND, 0), imprecise = counts.getOrDefault(Agreement.IMPRECISE, 0);
        int kernelAccepts = accepted + imprecise;
        return "%-18s %7d %11d %11d %16d %16d %9.1f%%%n".formatted(row, accepted + rejected + unsound + imprecise, accepted, rejected,
                unsound, imprecise, kernelAccepts == 0 ? 0.0 : 100.0 * imprecise / kernelAccepts);
    }
}

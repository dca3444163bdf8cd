package jtracec.bench.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Issue 8's targets, checked on the median ratio jtracec/bpftrace of each script: instructions (of
 * the event programs: bpftrace 0.17 no longer holds BEGIN and END when the report looks) and
 * run time per event no higher than bpftrace's on every script and a geometric mean of at most 0.8
 * over the corpus scripts; start-up no slower than bpftrace on the one-liners. A miss says by how much.
 */
final class Targets {
    static final double CORPUS_GEOMETRIC_MEAN = 0.8;
    private static final List<Metric> PER_SCRIPT = List.of(Metric.EVENT_INSNS, Metric.NANOS_PER_EVENT);

    record Verdict(String target, boolean isMet, String detail) {}

    private Targets() {}

    static List<Verdict> check(List<Comparison> comparisons) {
        var verdicts = new ArrayList<Verdict>();
        for (Metric metric : PER_SCRIPT) {
            for (Comparison comparison : comparisons) {
                comparison.ratio(metric).ifPresent(ratio -> verdicts.add(atMost(
                        "%s %s <= bpftrace".formatted(comparison.script(), metric.title), ratio.median(), 1.0)));
            }
            geometricMean(comparisons, metric).ifPresent(mean -> verdicts.add(atMost(
                    "corpus geometric mean of %s ratios <= %.1f".formatted(metric.title, CORPUS_GEOMETRIC_MEAN),
                    mean, CORPUS_GEOMETRIC_MEAN)));
        }
        for (Comparison comparison : comparisons) {
            if (!comparison.isOneLiner()) continue;
            comparison.ratio(Metric.STARTUP_MILLIS).ifPresent(ratio -> verdicts.add(atMost(
                    "%s start-up <= bpftrace".formatted(comparison.script()), ratio.median(), 1.0)));
        }
        return verdicts;
    }

    static Optional<Double> geometricMean(List<Comparison> comparisons, Metric metric) {
        return Spread.geometricMean(comparisons.stream().filter(comparison -> !comparison.isOneLiner())
                .map(comparison -> comparison.ratio(metric)).flatMap(Optional::stream).map(Spread::median).toList());
    }

    private static Verdict atMost(String target, double ratio, double limit) {
        boolean isMet = ratio <= limit;
        String detail = isMet ? "met (ratio %.2f)".formatted(ratio)
                : "missed: ratio %.2f, %.0f%% above the target %.2f".formatted(ratio, (ratio / limit - 1) * 100, limit);
        return new Verdict(target, isMet, detail);
    }
}

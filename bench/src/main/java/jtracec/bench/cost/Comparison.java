package jtracec.bench.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Both tools' runs of one script, repetition by repetition: run i of jtracec and run i of bpftrace
 * ran back to back under the same workload, so their ratio is the figure to trust on a noisy machine.
 */
record Comparison(String script, boolean isOneLiner, List<RunResult> jtracec, List<RunResult> bpftrace) {
    Comparison {
        jtracec = List.copyOf(jtracec);
        bpftrace = List.copyOf(bpftrace);
    }

    Optional<Spread> jtracec(Metric metric) {
        return Spread.of(values(jtracec, metric));
    }

    Optional<Spread> bpftrace(Metric metric) {
        return Spread.of(values(bpftrace, metric));
    }

    /** jtracec/bpftrace per repetition where both were measured. */
    Optional<Spread> ratio(Metric metric) {
        var ratios = new ArrayList<Double>();
        for (int i = 0; i < Math.min(jtracec.size(), bpftrace.size()); i++) {
            if (jtracec.get(i) instanceof RunResult.Measured mine && bpftrace.get(i) instanceof RunResult.Measured theirs) {
                double denominator = metric.value.applyAsDouble(theirs);
                if (denominator > 0) ratios.add(metric.value.applyAsDouble(mine) / denominator);
            }
        }
        return Spread.of(ratios);
    }

    List<String> failures() {
        var failures = new ArrayList<String>();
        collect(failures, "jtracec", jtracec);
        collect(failures, "bpftrace", bpftrace);
        return failures;
    }

    private static void collect(List<String> failures, String tool, List<RunResult> runs) {
        runs.stream().filter(run -> run instanceof RunResult.Failed).map(run -> ((RunResult.Failed) run).reason())
                .distinct().forEach(reason -> failures.add(tool + ": " + reason));
    }

    private static List<Double> values(List<RunResult> runs, Metric metric) {
        return runs.stream().filter(run -> run instanceof RunResult.Measured)
                .map(run -> metric.value.applyAsDouble((RunResult.Measured) run)).toList();
    }
}

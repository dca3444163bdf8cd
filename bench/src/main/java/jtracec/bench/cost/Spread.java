package jtracec.bench.cost;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Minimum, median and maximum of repeated measurements (NaNs, from runs that measured nothing, left out). */
record Spread(double min, double median, double max, int count) {
    static Optional<Spread> of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (sorted.length == 0) return Optional.empty();
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Optional.of(new Spread(sorted[0], median, sorted[sorted.length - 1], sorted.length));
    }

    /** The geometric mean of positive values; empty when there are none. */
    static Optional<Double> geometricMean(List<Double> values) {
        double[] positive = values.stream().mapToDouble(Double::doubleValue).filter(value -> value > 0).toArray();
        if (positive.length == 0) return Optional.empty();
        return Optional.of(Math.exp(Arrays.stream(positive).map(Math::log).sum() / positive.length));
    }

    boolean isConstant() {
        return min == max;
    }
}

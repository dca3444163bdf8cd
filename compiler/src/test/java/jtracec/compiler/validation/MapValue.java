package jtracec.compiler.validation;

import jtracec.spec.object.Signedness;

/**
 * The value of one map entry after user space has combined the CPUs' slots, as bpftrace prints
 * it: a plain value, or the state of an aggregation. hist and lhist entries are counts under a
 * key whose last component is the bucket.
 */
sealed interface MapValue {
    record Plain(Scalar value) implements MapValue {}

    /** count(), and the per-bucket counts of hist() and lhist(). */
    record Count(long count) implements MapValue {}

    record Sum(long total) implements MapValue {}

    record Min(long value) implements MapValue {}

    record Max(long value) implements MapValue {}

    /** avg(): compared as (total, count), which is what the average is computed from. */
    record Avg(long total, long count) implements MapValue {}

    record Stats(long total, long count) implements MapValue {}

    /** The smaller of two values under the aggregation's signedness. */
    static long smaller(long a, long b, Signedness signedness) {
        int order = signedness == Signedness.SIGNED ? Long.compare(a, b) : Long.compareUnsigned(a, b);
        return order <= 0 ? a : b;
    }

    static long larger(long a, long b, Signedness signedness) {
        int order = signedness == Signedness.SIGNED ? Long.compare(a, b) : Long.compareUnsigned(a, b);
        return order >= 0 ? a : b;
    }
}

package jtracec.spec.object;

/**
 * What a map's value means to the printer: a plain value, or the state of an aggregation as
 * bpftrace keeps it (per-CPU slots summed or combined in user space).
 */
public sealed interface MapValueKind {
    record Plain(FieldType type) implements MapValueKind {}
    /** count(): a u64 per CPU, summed. */
    record Count() implements MapValueKind {}
    /** sum(x): a 64-bit value per CPU, summed. */
    record Sum(Signedness signedness) implements MapValueKind {}
    /** min(x)/max(x): a 64-bit value per CPU plus a "set" flag word, combined. */
    record Min(Signedness signedness) implements MapValueKind {}
    record Max(Signedness signedness) implements MapValueKind {}
    /** avg(x): (total, count) per CPU. */
    record Avg(Signedness signedness) implements MapValueKind {}
    /** stats(x): (total, count) per CPU, printed as count/average/total. */
    record Stats(Signedness signedness) implements MapValueKind {}
    /** hist(x): the last key component is the log2 bucket, the value a per-CPU count. */
    record Hist() implements MapValueKind {}
    /** lhist(x, min, max, step): the last key component is the linear bucket. */
    record Lhist(long min, long max, long step) implements MapValueKind {}
}

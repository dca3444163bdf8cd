package jtracec.spec.object;

/** Where a program attaches, one concrete point after wildcard expansion. */
public sealed interface AttachPoint {
    /** Runs once before any other probe (BEGIN); the loader runs it with BPF_PROG_TEST_RUN. */
    record Begin() implements AttachPoint {}
    /** Runs once after tracing stops (END). */
    record End() implements AttachPoint {}
    record Tracepoint(String category, String name) implements AttachPoint {}
    record RawTracepoint(String name) implements AttachPoint {}
    record Kprobe(String function, long offset, ProbeEnd end) implements AttachPoint {}
    record Uprobe(String path, String symbol, long offset, ProbeEnd end) implements AttachPoint {}
    record Usdt(String path, String provider, String name) implements AttachPoint {}
    record Kfunc(String function, ProbeEnd end) implements AttachPoint {}
    /** A timer on one CPU (interval:s:1). */
    record Interval(long periodNanos) implements AttachPoint {}
    /** A timer on every CPU (profile:hz:99). */
    record Profile(long periodNanos, long frequencyHz) implements AttachPoint {}
    /** A perf software event (software:faults:1); {@code config} is PERF_COUNT_SW_*. */
    record Software(String event, int config, long period) implements AttachPoint {}
    /** A perf hardware event (hardware:cache-misses:1000000); {@code config} is PERF_COUNT_HW_*. */
    record Hardware(String event, int config, long period) implements AttachPoint {}
    record Watchpoint(long address, int length, String mode) implements AttachPoint {}

    /** Function entry or return. */
    enum ProbeEnd { ENTRY, RETURN }
}

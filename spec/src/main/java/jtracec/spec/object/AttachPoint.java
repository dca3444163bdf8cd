package jtracec.spec.object;

import java.util.List;
import java.util.Optional;
import jtracec.spec.kernel.KernelFeature;

/** Where a program attaches, one concrete point after wildcard expansion. */
public sealed interface AttachPoint {
    /** The kernel feature without which this point cannot attach, beyond BPF itself. */
    default Optional<KernelFeature> requiredFeature() {
        return switch (this) {
            case Kprobe k -> Optional.of(KernelFeature.KPROBES);
            case Kfunc k -> Optional.of(KernelFeature.FENTRY);
            case Uprobe u -> Optional.of(KernelFeature.UPROBES);
            case Usdt u -> Optional.of(KernelFeature.UPROBES);
            case Hardware h -> Optional.of(KernelFeature.HARDWARE_PMU);
            case RawTracepoint r -> Optional.of(KernelFeature.RAW_TRACEPOINTS);
            case Begin b -> Optional.empty();
            case End e -> Optional.empty();
            case Tracepoint t -> Optional.empty();
            case Interval i -> Optional.empty();
            case Profile p -> Optional.empty();
            case Software s -> Optional.empty();
            case Watchpoint w -> Optional.empty();
        };
    }

    /** Runs once before any other probe (BEGIN); the loader runs it with BPF_PROG_TEST_RUN. */
    record Begin() implements AttachPoint {}
    /** Runs once after tracing stops (END). */
    record End() implements AttachPoint {}
    record Tracepoint(String category, String name) implements AttachPoint {}
    record RawTracepoint(String name) implements AttachPoint {}
    record Kprobe(String function, long offset, ProbeEnd end) implements AttachPoint {}
    record Uprobe(String path, String symbol, long offset, ProbeEnd end) implements AttachPoint {}
    /**
     * USDT probe {@code provider:name} of {@code path} (wildcards allowed, an empty provider is any).
     * {@code address} is one site's address, or 0 for every site of the probe; {@code arguments} are
     * the site's operands (one site, or every site, agrees on them), empty when they were not read.
     */
    record Usdt(String path, String provider, String name, long address, List<String> arguments) implements AttachPoint {
        public Usdt {
            arguments = List.copyOf(arguments);
        }

        public Usdt(String path, String provider, String name) {
            this(path, provider, name, 0, List.of());
        }
    }
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

package jtracec.bench.cost;

import java.util.function.ToDoubleFunction;

/** A figure the report compares, read from one measured run; lower is better for every one. */
enum Metric {
    PROGRAMS("programs", "programs", 0, run -> run.programs().size()),
    XLATED_INSNS("insns", "instructions (xlated)", 0, run -> run.xlatedInsns()),
    EVENT_INSNS("event_insns", "instructions of event programs", 0, RunResult.Measured::eventInsns),
    JITED_BYTES("jited_bytes", "JIT size (bytes)", 0, run -> run.jitedBytes()),
    VERIFIED_INSNS("verified_insns", "verified_insns", 0, run -> run.verifiedInsns()),
    NANOS_PER_EVENT("ns_per_event", "run time per event (ns)", 1, RunResult.Measured::nanosPerEvent),
    STARTUP_MILLIS("startup_ms", "start-up to attached (ms)", 0, RunResult.Measured::startupMillis),
    PEAK_RSS_MIB("peak_rss_mib", "peak RSS (MiB)", 1, run -> run.peakRssKib() / 1024.0);

    final String key;
    final String title;
    final int decimals;
    final ToDoubleFunction<RunResult.Measured> value;

    Metric(String key, String title, int decimals, ToDoubleFunction<RunResult.Measured> value) {
        this.key = key;
        this.title = title;
        this.decimals = decimals;
        this.value = value;
    }
}

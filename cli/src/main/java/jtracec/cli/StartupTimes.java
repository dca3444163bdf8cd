package jtracec.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the time to "attached" goes, printed to stderr when {@code JTRACEC_TIMING=1} (issue 8): one
 * line per stage, in milliseconds since the launcher started (it exports its {@code $EPOCHREALTIME} at
 * its start as {@code JTRACEC_LAUNCHED} and when it starts java as {@code JTRACEC_JAVA_STARTED}), or
 * since {@code main} when run without the launcher. Silent otherwise, so output stays bpftrace's.
 */
final class StartupTimes {
    static final String ENABLE = "JTRACEC_TIMING";
    static final String LAUNCHED = "JTRACEC_LAUNCHED";
    static final String JAVA_STARTED = "JTRACEC_JAVA_STARTED";

    private final Optional<PrintStream> err;
    private final long originMicros;
    private long lastMicros;

    private StartupTimes(Optional<PrintStream> err, long originMicros) {
        this.err = err;
        this.originMicros = originMicros;
        this.lastMicros = originMicros;
    }

    /** Times printed to {@code err} if the environment asks for them, else nothing. */
    static StartupTimes from(Map<String, String> environment, PrintStream err) {
        if (!"1".equals(environment.get(ENABLE))) return new StartupTimes(Optional.empty(), 0);
        // the JVM's own start time is known only to the second (/proc/stat btime), so the launcher says when
        Optional<Long> launched = epochMicros(environment.get(LAUNCHED));
        Optional<Long> javaStarted = epochMicros(environment.get(JAVA_STARTED));
        var times = new StartupTimes(Optional.of(err), launched.orElse(nowMicros()));
        javaStarted.ifPresent(at -> times.mark("launcher script", at));
        return times;
    }

    static StartupTimes silent() {
        return new StartupTimes(Optional.empty(), 0);
    }

    /** {@code $EPOCHREALTIME} is seconds with a decimal point (or comma, by locale) and microseconds. */
    static Optional<Long> epochMicros(String epochRealTime) {
        if (epochRealTime == null || !epochRealTime.matches("\\d+[.,]\\d{6}")) return Optional.empty();
        return Optional.of(Long.parseLong(epochRealTime.replaceAll("[.,]", "")));
    }

    /** Records that {@code stage} ended now. */
    void mark(String stage) {
        if (err.isPresent()) mark(stage, nowMicros());
    }

    private void mark(String stage, long atMicros) {
        err.ifPresent(stream -> stream.printf("jtracec: timing: %-22s %7.1f ms (+%.1f)%n", stage,
                (atMicros - originMicros) / 1000.0, (atMicros - lastMicros) / 1000.0));
        lastMicros = atMicros;
    }

    private static long nowMicros() {
        return micros(Instant.now());
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }
}

package jtracec.loader.sys;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The local time formatted by the C library's strftime(3), as bpftrace's time() prints it (same locale, same zone rules). */
public final class Strftime {
    /** bpftrace formats into a STRING_SIZE (64-byte) buffer and prints nothing when it does not fit. */
    private static final int BUFFER_SIZE = 64;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_BOOTTIME = 7;
    private static final long NANOS = 1_000_000_000L;

    /** The wall-clock time at which the machine booted, as seconds and nanoseconds. */
    public record BootTime(long seconds, long nanos) {}

    public String now(String format) {
        try (var seconds = new Memory(8)) {
            seconds.setLong(0, LibC.INSTANCE.time(null));
            return format(seconds, format).orElse("");
        }
    }

    /**
     * A strftime() value as bpftrace 0.17 prints it (BPFtrace::resolve_timestamp): boot time plus
     * the nanoseconds, in local time; {@code %f} is first replaced by the microseconds (6 digits).
     * "(?)" when the result does not fit bpftrace's 64-byte buffer.
     */
    public String timestamp(String format, long nanosSinceBoot, BootTime boot) {
        // 0.17 adds in double precision and truncates; the nanoseconds are a u64
        double sum = boot.nanos() + unsigned(nanosSinceBoot);
        long seconds = boot.seconds() + (long) (sum / 1e9);
        long micros = Long.remainderUnsigned(boot.nanos() + nanosSinceBoot, NANOS) / 1000;
        String expanded = format.replace("%f", "%06d".formatted(micros));
        try (var time = new Memory(8)) {
            time.setLong(0, seconds);
            return format(time, expanded).orElse("(?)");
        }
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }

    private static Optional<String> format(Memory seconds, String format) {
        try (var broken = new Memory(64)) {
            broken.clear();
            LibC.INSTANCE.localtime_r(seconds, broken);
            var buffer = new byte[BUFFER_SIZE];
            int length = (int) LibC.INSTANCE.strftime(buffer, buffer.length, format, broken);
            return length == 0 ? Optional.empty() : Optional.of(new String(buffer, 0, length, StandardCharsets.UTF_8));
        }
    }

    /**
     * The boot time as bpftrace 0.17's get_boottime() measures it: CLOCK_BOOTTIME read between two
     * CLOCK_REALTIME reads, five times, keeping the tightest pair within one second.
     */
    public static Optional<BootTime> bootTime() {
        Optional<BootTime> best = Optional.empty();
        long lowest = Long.MAX_VALUE;
        try (var before = new Memory(16); var boot = new Memory(16); var after = new Memory(16)) {
            for (int i = 0; i < 5; i++) {
                LibC.INSTANCE.clock_gettime(CLOCK_REALTIME, before);
                LibC.INSTANCE.clock_gettime(CLOCK_BOOTTIME, boot);
                LibC.INSTANCE.clock_gettime(CLOCK_REALTIME, after);
                if (before.getLong(0) != after.getLong(0)) continue;
                long delta = after.getLong(8) - before.getLong(8);
                if (delta < 0 || delta >= lowest) continue;
                lowest = delta;
                long average = (before.getLong(8) + after.getLong(8)) / 2;
                long nanos = average - boot.getLong(8);
                best = nanos < 0
                        ? Optional.of(new BootTime(after.getLong(0) - boot.getLong(0) - 1, nanos + NANOS))
                        : Optional.of(new BootTime(after.getLong(0) - boot.getLong(0), nanos));
            }
        }
        return best;
    }
}

package jtracec.loader.sys;

import com.sun.jna.Memory;

/** CLOCK_MONOTONIC, the clock bpf_ktime_get_ns reads, so user space and programs agree on a time. */
public final class MonotonicClock {
    private static final int CLOCK_MONOTONIC = 1;

    private MonotonicClock() {}

    public static long nanos() {
        try (var timespec = new Memory(16)) {
            LibC.INSTANCE.clock_gettime(CLOCK_MONOTONIC, timespec);
            return timespec.getLong(0) * 1_000_000_000L + timespec.getLong(8);
        }
    }
}

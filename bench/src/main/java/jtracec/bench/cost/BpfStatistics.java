package jtracec.bench.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns on the kernel's BPF run-time statistics ({@code kernel.bpf_stats_enabled}) for the
 * report's lifetime and puts back the value found; a shutdown hook restores it on Ctrl-C too.
 */
final class BpfStatistics implements AutoCloseable {
    private static final Path SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    private final String previous;
    private final Thread restorer = new Thread(this::restore);

    private BpfStatistics(String previous) {
        this.previous = previous;
    }

    static BpfStatistics enable() {
        try {
            String previous = Files.readString(SYSCTL).trim();
            Files.writeString(SYSCTL, "1");
            var statistics = new BpfStatistics(previous);
            Runtime.getRuntime().addShutdownHook(statistics.restorer);
            return statistics;
        } catch (IOException e) {
            throw new CostReportException("cannot enable kernel.bpf_stats_enabled (" + e.getMessage() + "): run as root");
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restorer);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is the one restoring
        }
    }

    private void restore() {
        try {
            Files.writeString(SYSCTL, previous);
        } catch (IOException e) {
            System.err.println("jtracec-bench: could not restore kernel.bpf_stats_enabled=" + previous + ": " + e.getMessage());
        }
    }
}

package jtracec.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Small, bounded workloads that make probes fire while a test traces. */
final class Workload implements AutoCloseable {
    private final Thread thread;
    private final Runnable cleanup;
    private final java.util.concurrent.atomic.AtomicInteger completedRuns = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean isStopped;

    private Workload(Runnable step, long periodMillis, Runnable cleanup) {
        this.cleanup = cleanup;
        thread = Thread.ofPlatform().daemon().start(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!isStopped && System.nanoTime() < deadline) {
                step.run();
                completedRuns.incrementAndGet();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Runs {@code cat /etc/hostname} every 100 ms: each run calls openat as comm "cat". */
    static Workload catEvery100Millis() {
        return new Workload(() -> runQuietly("cat", "/etc/hostname"), 100, () -> {});
    }

    /** Types a line into an interactive bash (under a pseudo-terminal, so it uses readline) every 200 ms. */
    static Workload interactiveBashLines() throws IOException {
        Process bash = new ProcessBuilder("script", "-q", "-c", "bash --norc --noprofile -i", "/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        OutputStream keyboard = bash.getOutputStream();
        return new Workload(() -> {
            try {
                keyboard.write("true\n".getBytes(StandardCharsets.US_ASCII));
                keyboard.flush();
            } catch (IOException e) {
                bash.destroy();
            }
        }, 200, bash::destroyForcibly);
    }

    private static void runQuietly(String... command) {
        try {
            new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the workload has run {@code count} steps (or 30 s pass). */
    void awaitRuns(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (completedRuns.get() < count && System.nanoTime() < deadline) Thread.sleep(50);
    }

    @Override
    public void close() {
        isStopped = true;
        thread.interrupt();
        cleanup.run();
    }
}

package jtracec.bench.cost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The deterministic workload every tool run sees: {@code load.c} (a resource next to this class)
 * compiled with gcc once per report, then run for a fixed number of iterations.
 */
final class LoadGenerator {
    private final Path executable;
    private final Path scratch;
    private final long iterations;

    private LoadGenerator(Path executable, Path scratch, long iterations) {
        this.executable = executable;
        this.scratch = scratch;
        this.iterations = iterations;
    }

    static LoadGenerator compile(Path directory, long iterations) {
        try (InputStream source = LoadGenerator.class.getResourceAsStream("load.c")) {
            if (source == null) throw new CostReportException("load.c is missing from the bench jar: rebuild it");
            Files.createDirectories(directory);
            Path file = directory.resolve("load.c");
            Files.write(file, source.readAllBytes());
            Path executable = directory.resolve("load");
            var gcc = new ProcessBuilder("gcc", "-O2", "-o", executable.toString(), file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(gcc.getInputStream().readAllBytes());
            if (gcc.waitFor() != 0) throw new CostReportException("gcc could not build the workload:\n" + output);
            return new LoadGenerator(executable, directory.resolve("load.scratch"), iterations);
        } catch (IOException e) {
            throw new CostReportException("cannot build the workload with gcc (apt-get install gcc): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CostReportException("interrupted while building the workload");
        }
    }

    long iterations() {
        return iterations;
    }

    /** Runs the workload to its end; returns how long it took. */
    Duration run() {
        long start = System.nanoTime();
        try {
            var process = new ProcessBuilder(executable.toString(), Long.toString(iterations), scratch.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new CostReportException("the workload did not finish in 5 minutes");
            }
            if (process.exitValue() != 0) throw new CostReportException("the workload failed with exit code " + process.exitValue());
        } catch (IOException e) {
            throw new CostReportException("cannot run the workload: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CostReportException("interrupted while running the workload");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

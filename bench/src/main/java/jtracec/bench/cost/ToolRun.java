package jtracec.bench.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of one tool on one script: start it, wait until its probes are attached, run the
 * workload, read its programs' kernel statistics and its peak RSS, then stop it with SIGTERM (both
 * tools end a run on it as on Ctrl-C; SIGINT is ignored by programs started in the background of a
 * non-interactive shell, and the JVM keeps that disposition).
 *
 * <p>"Attached" is when the number of attachment fds (perf events, BPF links) the tool's process
 * tree holds last changed, once that number has been stable for {@link #SETTLE_MILLIS} after the
 * tool printed "Attaching": both tools attach every probe right after that line and BEGIN, and
 * neither prints anything once done. Start-up is the time from starting the command to that moment,
 * so it includes a launcher script where the command is one.
 */
final class ToolRun {
    private static final long SETTLE_MILLIS = 700;
    private static final long START_TIMEOUT_MILLIS = 120_000;

    private final Tool tool;
    private final Path logs;

    ToolRun(Tool tool, Path logs) {
        this.tool = tool;
        this.logs = logs;
    }

    RunResult run(String script, List<String> scriptArguments, LoadGenerator load, int repetition) {
        String stem = "%s-%s-%d".formatted(script, tool.name(), repetition);
        Path stdout = logs.resolve(stem + ".out");
        Path stderr = logs.resolve(stem + ".err");
        var command = new ArrayList<>(tool.command());
        command.addAll(scriptArguments);
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            return new RunResult.Failed("cannot start %s: %s".formatted(command.get(0), e.getMessage()));
        }
        try {
            Optional<Long> attachedAt = awaitAttached(process, stdout);
            if (attachedAt.isEmpty()) return new RunResult.Failed(failure(process, stderr));
            double startupMillis = (attachedAt.get() - start) / 1e6;
            load.run();
            Optional<Long> holder = programHolder(process);
            if (holder.isEmpty()) return new RunResult.Failed("no process of %s holds a BPF program".formatted(tool.name()));
            var programs = ProcFs.programs(holder.get()).stream().map(ToolRun::program).toList();
            long peakRss = ProcFs.peakRssKib(holder.get()).orElse(0);
            stop(process, holder.get());
            return new RunResult.Measured(programs, startupMillis, peakRss, warnings(stderr));
        } finally {
            killTree(process);
        }
    }

    private Optional<Long> awaitAttached(Process process, Path stdout) {
        long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
        int count = -1;
        long changedAt = 0;
        boolean hasAnnounced = false;
        while (System.nanoTime() < deadline && process.isAlive()) {
            int now = tree(process).mapToInt(pid -> ProcFs.attachmentFds(pid)).sum();
            long time = System.nanoTime();
            if (now != count) {
                count = now;
                changedAt = time;
            }
            hasAnnounced = hasAnnounced || contains(stdout, "Attaching");
            if (hasAnnounced && count > 0 && time - changedAt > SETTLE_MILLIS * 1_000_000) return Optional.of(changedAt);
            sleep(1);
        }
        return Optional.empty();
    }

    private String failure(Process process, Path stderr) {
        String reason = process.isAlive() ? "not attached after %d s".formatted(START_TIMEOUT_MILLIS / 1000)
                : "exited with code %d before attaching".formatted(process.exitValue());
        List<String> lines = lines(stderr);
        return reason + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).trim());
    }

    /** The process of the tree that holds BPF programs: the tool itself, below any launcher script. */
    private static Optional<Long> programHolder(Process process) {
        return tree(process).boxed().filter(pid -> !ProcFs.programs(pid).isEmpty()).findFirst();
    }

    private static void stop(Process process, long holder) {
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(holder)).start().waitFor();
            if (!process.waitFor(30, TimeUnit.SECONDS)) killTree(process);
        } catch (IOException e) {
            killTree(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills what is left of a run, the tool below a launcher first, so no program stays attached. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static RunResult.Program program(ProcFs.ProgramFdInfo info) {
        var sizes = BpfTool.sizes(info.id());
        return new RunResult.Program(info.id(), sizes.map(BpfTool.ProgramSizes::name).orElse(""),
                sizes.map(size -> size.xlatedBytes() / 8).orElse(0L), sizes.map(BpfTool.ProgramSizes::jitedBytes).orElse(0L),
                info.verifiedInsns(), info.runTimeNs(), info.runCount());
    }

    private static List<String> warnings(Path stderr) {
        return lines(stderr).stream().filter(line -> !line.isBlank()).limit(5).toList();
    }

    private static java.util.stream.LongStream tree(Process process) {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).mapToLong(ProcessHandle::pid);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.size(file) > 0 && Files.readString(file).contains(text);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

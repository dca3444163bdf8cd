package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The one-liners, run here for real under one small workload (one-liners/workload.sh, given
 * to -c, so each run ends when it does): the output must have the structure bpftrace 0.17 gives it
 * on this machine (keys, value formats, histogram layout, blank lines; not the numbers), and show the
 * workload's own events. Each one-liners/NAME.bpftrace.out is bpftrace 0.17's output for NAME.bt under
 * the same workload, and must match the same shape, so the shape is bpftrace's, not ours.
 */
@Tag("kernel")
class OneLinerOutputTest {
    private static final Path DIRECTORY = Path.of("src/test/resources/one-liners");
    private static final String MAP_LINES = "(?:@\\[[^\\n]*\\]: \\d+\\n)++";
    /** A hist bucket: its label and count in 24 columns, then the 52-column bar, as bpftrace prints it. */
    private static final String BUCKET = "[\\[(][^\\n]{23} \\|[@ ]{52}\\|\\n";

    /** A one-liner, the shape of its whole output, and what the workload must have put in it. */
    private record OneLiner(String name, Pattern shape, Optional<Pattern> workloadEvidence) {
        String script() throws IOException {
            return Files.readString(DIRECTORY.resolve(name + ".bt")).strip();
        }
    }

    private static final List<OneLiner> ONE_LINERS = List.of(
            // thousands of lines: a lookahead per line rather than a repeated group, which java.util.regex recurses on
            new OneLiner("openat", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n(?m)(?:^(?=[^\\n]* )[^\\n]*\\n)++\\n\\n"),
                    Optional.of(Pattern.compile("(?m)^cat /etc/hostname\\n(?s).*^head /etc/services$"))),
            new OneLiner("syscalls_by_comm", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n\\n\\n" + MAP_LINES),
                    Optional.of(Pattern.compile("(?m)^@\\[(cat|head|dd)\\]: \\d+$"))),
            new OneLiner("read_bytes", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n\\n\\n" + MAP_LINES),
                    Optional.of(Pattern.compile("(?m)^@\\[(cat|head)\\]: \\d+$"))),
            new OneLiner("read_hist", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n\\n\\n(?:@\\[[^\\n]*\\]: \\n(?:" + BUCKET + ")++\\n)++"),
                    Optional.of(Pattern.compile("(?m)^@\\[cat\\]: \\n\\[0\\] "))),
            // two prints while the workload sleeps 2.2 s, then the map once more at exit (empty if just cleared)
            new OneLiner("syscall_rate", Pattern.compile("Attaching 2 probes\\.\\.\\.\\n(@: \\d+\\n){2,}\\n\\n(@: \\d+\\n)?"), Optional.empty()),
            // the workload's dd writes 1 MiB with conv=fsync: the request is issued in dd's context
            new OneLiner("block_issue", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n(?:\\d+ [^\\n]+ \\d+\\n)++\\n\\n"),
                    Optional.of(Pattern.compile("(?m)^\\d+ dd \\d+$"))),
            new OneLiner("faults", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n\\n\\n" + MAP_LINES),
                    Optional.of(Pattern.compile("(?m)^@\\[(cat|head|dd)\\]: \\d+$"))),
            // pid 1 here is a mostly idle agent: 99 Hz samples seldom land in it, for bpftrace as for us
            new OneLiner("profile_init", Pattern.compile("Attaching 1 probe\\.\\.\\.\\n\\n\\n(@\\[\\n( +[^\\n]+\\n)*\\]: \\d+\\n)*\\n"), Optional.empty()));

    @TestFactory
    Stream<DynamicTest> eachOneLinerPrintsWhatBpftracePrintsUnderTheSameWorkload() {
        return ONE_LINERS.stream().map(oneLiner -> DynamicTest.dynamicTest(oneLiner.name(), () -> {
            String bpftrace = Files.readString(DIRECTORY.resolve(oneLiner.name() + ".bpftrace.out"));
            assertTrue(oneLiner.shape().matcher(bpftrace).matches(), "the shape must describe bpftrace's own output:\n" + bpftrace);
            KernelRequirement.require();
            var result = Jtracec.run("-e", oneLiner.script(), "-c", "/bin/sh " + DIRECTORY.resolve("workload.sh").toAbsolutePath());
            assertEquals(0, result.exitCode(), result.err());
            assertTrue(oneLiner.shape().matcher(result.out()).matches(), oneLiner.name() + ":\n" + result.out());
            oneLiner.workloadEvidence().ifPresent(evidence -> assertTrue(evidence.matcher(result.out()).find(), oneLiner.name() + ":\n" + result.out()));
            assertSortedByValue(result.out());
        }));
    }

    /** count and sum maps print in ascending order of value, as bpftrace sorts them. */
    private static void assertSortedByValue(String out) {
        var values = new ArrayList<Long>();
        var line = Pattern.compile("(?m)^@\\[[^\\n]*\\]: (\\d+)$").matcher(out);
        while (line.find()) values.add(Long.parseLong(line.group(1)));
        for (int i = 1; i < values.size(); i++) assertTrue(values.get(i - 1) <= values.get(i), "not sorted by value:\n" + out);
    }

    @Test
    void theHardwareOneLinerNamesTheMissingPmu() {
        KernelRequirement.require();
        var result = Jtracec.run("-e", "hardware:cache-misses:1000000 { @[comm, pid] = count(); }");
        if (KernelAcceptanceTest.LiveTargetHolder.TARGET.supports(jtracec.spec.kernel.KernelFeature.HARDWARE_PMU)) {
            System.out.println("this machine has a hardware PMU: the missing-PMU error cannot be shown here");
            return;
        }
        // bpftrace 0.17 says "perf_event_open failed: No such file or directory" and exits 0 without tracing
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().startsWith("stdin:1:1: error[E0901]: hardware:cache-misses:1000000 cannot attach: "), result.err());
        assertTrue(result.err().contains("has no hardware PMU"), result.err());
        assertTrue(result.err().contains("help: use a software event instead"), result.err());
    }

    /**
     * {@code -l '*'} beside bpftrace 0.17's on this kernel, when bpftrace is installed: the same
     * tracepoints, line for line; where 0.17 echoes the search for software and hardware events
     * ("software:*:") we list the events (hardware only where a PMU counts them), and iter probes,
     * which jtracec does not have yet, are not listed.
     */
    @Test
    void listingEverythingMatchesBpftraceOnTracepoints() throws Exception {
        KernelRequirement.require();
        var bpftrace = KernelRequirement.pathAnd().stream().map(dir -> dir.resolve("bpftrace")).filter(Files::isExecutable).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(bpftrace.isPresent(), "bpftrace 0.17 is not installed: nothing to compare with");
        var process = new ProcessBuilder(bpftrace.get().toString(), "-l", "*").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> theirs = new String(process.getInputStream().readAllBytes()).lines().toList();
        process.waitFor();
        var result = Jtracec.run("-l", "*");
        assertEquals(0, result.exitCode(), result.err());
        List<String> ours = result.out().lines().toList();
        assertEquals(theirs.stream().filter(line -> line.startsWith("tracepoint:")).sorted().toList(),
                ours.stream().filter(line -> line.startsWith("tracepoint:")).sorted().toList());
        assertTrue(theirs.contains("software:*:"), "0.17 echoes the software search");
        assertTrue(ours.contains("software:cpu-clock:") && ours.contains("software:page-faults:"), result.out());
        assertTrue(ours.stream().allMatch(line -> line.startsWith("tracepoint:") || line.startsWith("software:")
                || line.startsWith("hardware:") || line.startsWith("kprobe:") || line.startsWith("kfunc:")), result.out());
    }
}

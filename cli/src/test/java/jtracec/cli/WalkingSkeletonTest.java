package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The walking-skeleton one-liners, end to end on this machine's kernel, compared with bpftrace 0.17's output. */
@Tag("kernel")
class WalkingSkeletonTest {
    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    @Test
    void helloWorldPrintsLikeBpftrace() {
        var result = Jtracec.run("-e", "BEGIN { printf(\"hello, %s %d\\n\", \"world\", 42); exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Attaching 1 probe...\nhello, world 42\n\n\n", result.out());
    }

    @Test
    void quietHidesTheAttachingMessageOnly() {
        var result = Jtracec.run("-q", "-e", "BEGIN { printf(\"hi\\n\"); exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("hi\n\n\n", result.out());
    }

    @Test
    void jsonOutputIsNewlineDelimitedAsBpftraceWritesIt() {
        var result = Jtracec.run("-f", "json", "-e", "BEGIN { printf(\"hi\\n\"); @x = 3; exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                {"type": "attached_probes", "data": {"probes": 1}}
                {"type": "printf", "data": "hi\\n"}


                {"type": "map", "data": {"@x": 3}}
                """, result.out());
    }

    @Test
    void tracepointCountIsPrintedAscendingByValueAtExit() {
        Jtracec.Result result;
        try (var cats = Workload.catEvery100Millis()) {
            result = Jtracec.run("-e", "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } interval:s:1 { exit(); }");
        }
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Attaching 2 probes...\n\n\n"), result.out());
        List<String> mapLines = result.out().lines().skip(3).toList();
        assertTrue(mapLines.stream().anyMatch(Pattern.compile("^@\\[cat\\]: \\d+$").asPredicate()), result.out());
        assertTrue(mapLines.stream().allMatch(Pattern.compile("^@\\[.{1,15}\\]: \\d+$").asPredicate()), result.out());
        List<Long> counts = mapLines.stream().map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).toList();
        assertEquals(counts.stream().sorted().toList(), counts, "ascending by value");
    }

    @Test
    void uprobeOnBashReadlineCountsLinesTyped() throws Exception {
        Jtracec.Result result;
        try (var bash = Workload.interactiveBashLines()) {
            result = Jtracec.run("-e", "uprobe:/bin/bash:readline { @calls = count(); } interval:s:1 { exit(); }");
        }
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(Pattern.compile("\n@calls: [1-9]\\d*\n").matcher(result.out()).find(), result.out());
    }

    @Test
    void kprobeOnAKernelWithoutKprobesFailsWithAClearErrorAndASuggestion() {
        var result = Jtracec.run("-e", "kprobe:vfs_read { @reads = count(); }");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().contains("kprobes"), result.err());
        assertTrue(result.err().contains("tracepoint"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void verifyingAKprobeScriptProvesItAndWarnsThatThisKernelCannotAttachIt() {
        var result = Jtracec.run("--verify", "-e", "kprobe:vfs_read { @reads = count(); }");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().matches("(?s).*\\d+ obligations proven.*"), result.out());
        assertTrue(result.err().contains("warning"), result.err());
        assertTrue(result.err().contains("cannot attach"), result.err());
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** watchpoint:ADDR:LEN:MODE as perf breakpoints on the traced command's own task. */
class WatchpointTest {
    @Test
    void everyWriteOfAWatchedVariableFiresOnce() throws Exception {
        KernelRequirement.require();
        Path gcc = KernelRequirement.requireTool("gcc", KernelRequirement.pathAnd());
        Path binary = Path.of("target", "watched").toAbsolutePath();
        var process = new ProcessBuilder(gcc.toString(), "-O1", "-no-pie", "-o", binary.toString(), "src/test/resources/watchpoint/watched.c")
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, process.exitValue(), "gcc failed:\n" + log);
        long counter = addressOf(binary, "counter");

        var result = Jtracec.run("-e", "watchpoint:0x%x:8:w { @writes[ustack(1)] = count(); }".formatted(counter), "-c", binary + " 5");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Attaching 1 probe...\n"), result.out());
        // the program's own five writes come from main, in the non-PIE text at 0x401000; the dynamic
        // loader also writes that page before main (bpftrace 0.17 counts those too: 13 in all)
        assertTrue(result.out().matches("(?s).*@writes\\[\n    0x401[0-9a-f]{3}\n\\]: 5\n.*"), result.out());
    }

    private static long addressOf(Path binary, String variable) throws Exception {
        Path nm = KernelRequirement.requireTool("nm", KernelRequirement.pathAnd());
        var process = new ProcessBuilder(nm.toString(), binary.toString()).start();
        var lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        process.waitFor(30, TimeUnit.SECONDS);
        return lines.stream().map(line -> line.split(" ")).filter(parts -> parts.length == 3 && parts[2].equals(variable))
                .mapToLong(parts -> Long.parseUnsignedLong(parts[0], 16)).findFirst().orElseThrow();
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * join, cat, system, strftime and print(value) end to end: each {@code golden/async/<case>.bt} run
 * by jtracec prints what bpftrace 0.17 printed for it on this machine ({@code <case>.out} with
 * {@code -f text}, {@code <case>.json} with {@code -f json}). Run from the cli module's directory,
 * as the scripts name files relative to it.
 */
@Tag("kernel")
class AsyncActionsTest {
    private static final Path CASES = Path.of("src/test/resources/golden/async");

    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_system", "strftime_print"})
    void beginScriptsPrintWhatBpftracePrinted(String name) throws IOException {
        for (String format : new String[] {"text", "json"}) {
            var result = Jtracec.run("--unsafe", "-f", format, CASES.resolve(name + ".bt").toString());
            assertEquals(0, result.exitCode(), result.err());
            assertEquals(golden(name, format), result.out(), name + " with -f " + format);
        }
    }

    @Test
    void catOfAMissingFileSaysSoOnStandardErrorAsBpftraceDoes() {
        var result = Jtracec.run("-e", "BEGIN { cat(\"/nonexistent/%s\", \"x\"); exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Attaching 1 probe...\n\n\n", result.out());
        assertTrue(result.err().contains("ERROR: failed to open file '/nonexistent/x': No such file or directory"), result.err());
    }

    @Test
    void strftimeFormatsBootTimePlusNanosecondsAsLocalTime() {
        var result = Jtracec.run("-e", "BEGIN { printf(\"%s|%s\\n\", strftime(\"%Y\", nsecs), strftime(\"%f\", 1500000)); exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        String line = result.out().lines().skip(1).findFirst().orElseThrow();
        String[] parts = line.split("\\|");
        assertEquals(Integer.toString(Year.now().getValue()), parts[0], result.out());
        // the microseconds of boot time + 1.5 ms: six digits
        assertTrue(parts[1].matches("\\d{6}"), result.out());
    }

    @Test
    void joinReadsExecveArgumentsUpToTheFirstEmptyOne() throws Exception {
        for (String format : new String[] {"text", "json"}) {
            var run = CompletableFuture.supplyAsync(() -> Jtracec.run("-f", format, CASES.resolve("join.bt").toString()));
            // exec until the probe has fired once (it exits then); the empty argument ends the join
            for (int i = 0; i < 100 && !run.isDone(); i++) {
                new ProcessBuilder("/usr/bin/true", "a", "bb", "c c", "", "d").start().waitFor();
                Thread.sleep(200);
            }
            var result = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.err());
            assertEquals(golden("join", format), result.out(), "join with -f " + format);
        }
    }

    @Test
    void systemNeedsUnsafe() {
        var result = Jtracec.run("-e", "BEGIN { system(\"echo hi\"); exit(); }");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("error[E0212]: system() is unsafe and needs --unsafe"), result.err());
    }

    private static String golden(String name, String format) throws IOException {
        return Files.readString(CASES.resolve(name + (format.equals("json") ? ".json" : ".out")));
    }
}

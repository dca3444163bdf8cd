package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed scripts and unknown probes: a clang-style error with the source line, exit 1, never a stack trace. */
@Tag("kernel")
class BadInputTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsKernelModel() {
        KernelRequirement.require();
    }

    @Test
    void syntaxErrorPointsAtTheTokenWithACaret() {
        var result = Jtracec.run("-e", "BEGIN { printf(\"x\" }");
        assertFailedWith(result, List.of(
                "stdin:1:20: error[E0101]: syntax error: unexpected '}'",
                " 1 | BEGIN { printf(\"x\" }",
                "   |                    ^"));
    }

    @Test
    void syntaxErrorInAFileNamesTheFileAndLine() throws Exception {
        Path script = dir.resolve("broken.bt");
        Files.writeString(script, "BEGIN {\n  @x = ;\n}\n");
        var result = Jtracec.run(script.toString());
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().startsWith(script + ":2:8: error[E01"), result.err());
    }

    @Test
    void unknownProbeTypeSaysSoAndListsTheKnownOnes() {
        var result = Jtracec.run("-e", "nosuch:foo { exit(); }");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().startsWith("stdin:1:1: error[E0201]: unknown probe type 'nosuch'"), result.err());
        assertTrue(result.err().contains("help: "), result.err());
        assertNoStackTrace(result);
    }

    @Test
    void unknownTracepointSaysSo() {
        var result = Jtracec.run("-e", "tracepoint:syscalls:sys_enter_nosuch { exit(); }");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().startsWith("stdin:1:1: error[E0202]: unknown tracepoint syscalls:sys_enter_nosuch"), result.err());
        assertNoStackTrace(result);
    }

    @Test
    void missingUprobeBinarySaysSo() {
        var result = Jtracec.run("-e", "uprobe:/no/such/bin:main { exit(); }");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().contains("'/no/such/bin' not found"), result.err());
        assertNoStackTrace(result);
    }

    @Test
    void severalErrorsAreReportedInOneRun() {
        var result = Jtracec.run("-e", "BEGIN { printf(\"%d\\n\", $a); printf(\"%d\\n\", $b); }");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertEquals(2, result.err().lines().filter(line -> line.contains(": error[")).count(), result.err());
    }

    private static void assertFailedWith(Jtracec.Result result, List<String> firstLines) {
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertEquals(firstLines, result.err().lines().limit(firstLines.size()).toList(), result.err());
        assertNoStackTrace(result);
    }

    private static void assertNoStackTrace(Jtracec.Result result) {
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result.err());
        assertEquals("", result.out());
    }
}

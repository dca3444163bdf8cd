package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Command-line handling that needs no kernel: usage errors, missing files, versions. */
class CommandLineTest {
    @Test
    void noProgramIsAUsageError() {
        var result = Jtracec.run();
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertTrue(result.err().contains("no program given"), result.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithoutStackTrace() {
        var result = Jtracec.run("--no-such-option", "-e", "BEGIN {}");
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void missingScriptFileSaysSoPlainly() {
        var result = Jtracec.run("/nonexistent/script.bt");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().contains("/nonexistent/script.bt: no such file"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void unknownBufferingModeIsAUsageError() {
        var result = Jtracec.run("-B", "sometimes", "-e", "BEGIN { exit(); }");
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertTrue(result.err().contains("unknown buffering mode 'sometimes'"), result.err());
    }

    @Test
    void versionNamesTheLanguageLevel() {
        var result = Jtracec.run("--version");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().startsWith("jtracec v"), result.out());
    }

    @Test
    void aProcessAndACommandCannotBothBeTraced() {
        var result = Jtracec.run("-p", "1", "-c", "true", "-e", "BEGIN { exit(); }");
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertTrue(result.err().contains("cannot use both -c and -p"), result.err());
    }
}

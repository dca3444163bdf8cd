package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bpftrace's environment variables on this kernel, against bpftrace 0.17's output for the same
 * scripts ({@code golden/environment}, written by running bpftrace with the same variable).
 */
@Tag("kernel")
class EnvironmentVariablesTest {
    private static final Path CASES = Path.of("src/test/resources/golden/environment");
    /** mkdir -p makes /tmp, then this 85-byte relative name: longer than the default 64-byte string. */
    private static final Path LONG_DIRECTORY = Path.of("/tmp/jtracec-strlen-" + "x".repeat(70));

    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    private static String golden(String name) throws Exception {
        return Files.readString(CASES.resolve(name));
    }

    private static Jtracec.Result strlen(Map<String, String> environment) throws Exception {
        try {
            return Jtracec.runWithEnvironment(environment, "-c", "/usr/bin/mkdir -p " + LONG_DIRECTORY, CASES.resolve("strlen.bt").toString());
        } finally {
            Files.deleteIfExists(LONG_DIRECTORY);
        }
    }

    @Test
    void aLargerStringSizePrintsTheWholeString() throws Exception {
        var result = strlen(Map.of("BPFTRACE_STRLEN", "100"));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(golden("strlen-100.out"), result.out());
    }

    @Test
    void theDefaultStringSizeCutsAt63Bytes() throws Exception {
        var result = strlen(Map.of());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(golden("strlen-64.out"), result.out());
    }

    /** A map of BPFTRACE_MAP_KEYS_MAX keys is full: later keys are dropped, as under bpftrace. */
    @Test
    void aMapHoldsAtMostMapKeysMaxKeys() throws Exception {
        var result = Jtracec.runWithEnvironment(Map.of("BPFTRACE_MAP_KEYS_MAX", "3"), CASES.resolve("map_keys_max.bt").toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(golden("map_keys_max-3.out"), result.out());
    }

    @Test
    void moreAttachPointsThanMaxProbesIsRefusedBeforeAttaching() {
        // five syscalls match sys_enter_read*: read, readahead, readlink, readlinkat, readv
        var result = Jtracec.runWithEnvironment(Map.of("BPFTRACE_MAX_PROBES", "3"), "-e", "tracepoint:syscalls:sys_enter_read* { }");
        assertEquals(1, result.exitCode(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("jtracec: error: cannot attach to 5 probes: that exceeds the limit of 3 probes\n"
                + "help: raise the limit with the BPFTRACE_MAX_PROBES environment variable"), result.err());
    }

    @Test
    void moreProgramsThanMaxBpfProgsIsRefused() {
        var result = Jtracec.runWithEnvironment(Map.of("BPFTRACE_MAX_BPF_PROGS", "1"), "-e",
                "BEGIN { exit(); } tracepoint:syscalls:sys_enter_read { } tracepoint:syscalls:sys_enter_write { }");
        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("jtracec: error: the script needs 2 BPF programs, more than the limit of 1\n"
                + "help: raise the limit with the BPFTRACE_MAX_BPF_PROGS environment variable"), result.err());
    }

    @Test
    void anUnreadableBtfFileIsAClearError() {
        var result = Jtracec.runWithEnvironment(Map.of("BPFTRACE_BTF", "/nonexistent/vmlinux"), "-e", "BEGIN { exit(); }");
        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("jtracec: error: BPFTRACE_BTF names /nonexistent/vmlinux, which cannot be read\n"), result.err());
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bpftrace 0.17's environment variables as parse_env reads them, from a map rather than this JVM's environment. */
class BpftraceEnvironmentTest {
    private static BpftraceEnvironment read(Map<String, String> environment) throws BpftraceEnvironment.InvalidException {
        return BpftraceEnvironment.read(environment);
    }

    private static String refusal(Map<String, String> environment) {
        return assertThrows(BpftraceEnvironment.InvalidException.class, () -> read(environment)).getMessage();
    }

    @Test
    void nothingSetGivesBpftracesDefaults() throws Exception {
        var settings = read(Map.of());
        assertEquals(64, settings.stringSize());
        assertEquals(4096, settings.mapKeysMax());
        assertEquals(256 * 1024, settings.eventBufferBytes());
        assertEquals(512, settings.loader().maxProbes());
        assertEquals(512, settings.loader().maxPrograms());
        assertEquals(10240, settings.loader().catBytesMax());
        assertTrue(settings.loader().isDemangling());
        assertTrue(settings.loader().isResolvingUserSymbols());
        assertEquals(Optional.empty(), settings.kernelBtf());
        assertEquals(settings, BpftraceEnvironment.defaults());
    }

    @Test
    void eachVariableReachesItsOption() throws Exception {
        var settings = read(Map.ofEntries(Map.entry("BPFTRACE_STRLEN", "100"), Map.entry("BPFTRACE_MAP_KEYS_MAX", "3"),
                Map.entry("BPFTRACE_PERF_RB_PAGES", "16"), Map.entry("BPFTRACE_MAX_PROBES", "7"),
                Map.entry("BPFTRACE_MAX_BPF_PROGS", "9"), Map.entry("BPFTRACE_LOG_SIZE", "65536"),
                Map.entry("BPFTRACE_CAT_BYTES_MAX", "5"), Map.entry("BPFTRACE_NO_CPP_DEMANGLE", "1"),
                Map.entry("BPFTRACE_NO_USER_SYMBOLS", "1"), Map.entry("BPFTRACE_BTF", "/tmp/vmlinux.btf")));
        assertEquals(100, settings.stringSize());
        assertEquals(3, settings.compileOptions().mapEntries());
        assertEquals(16 * 4096, settings.compileOptions().eventBufferBytes());
        assertEquals(7, settings.loader().maxProbes());
        assertEquals(9, settings.loader().maxPrograms());
        assertEquals(65536, settings.loader().verifierLogBytes());
        assertEquals(5, settings.loader().catBytesMax());
        assertFalse(settings.loader().isDemangling());
        assertFalse(settings.loader().isResolvingUserSymbols());
        assertEquals(Optional.of(Path.of("/tmp/vmlinux.btf")), settings.kernelBtf());
    }

    /** C++'s {@code istream >> uint64_t}: blanks before, anything after the digits, and a wrapped minus. */
    @Test
    void numbersAreReadAsBpftraceReadsThem() throws Exception {
        assertEquals(12, read(Map.of("BPFTRACE_STRLEN", "12abc")).stringSize());
        assertEquals(7, read(Map.of("BPFTRACE_STRLEN", " 7")).stringSize());
        assertEquals(0, read(Map.of("BPFTRACE_MAX_PROBES", "0")).loader().maxProbes());
        assertEquals(Optional.of(-1L), BpftraceEnvironment.unsigned(Map.of("X", "-1"), "X"));
        assertEquals(Optional.of(-1L), BpftraceEnvironment.unsigned(Map.of("X", "18446744073709551615"), "X"));
    }

    @Test
    void aValueThatIsNotANumberIsRefusedWithBpftracesMessage() {
        for (var text : new String[] {"abc", "", " ", "+", "18446744073709551616"}) {
            assertEquals("Env var 'BPFTRACE_MAX_PROBES' did not contain a valid uint64_t, or was zero-valued.",
                    refusal(Map.of("BPFTRACE_MAX_PROBES", text)), text);
        }
        assertEquals("Env var 'BPFTRACE_MAP_KEYS_MAX' did not contain a valid uint64_t, or was zero-valued.",
                refusal(Map.of("BPFTRACE_MAP_KEYS_MAX", "0")));
        assertEquals("Env var 'BPFTRACE_CAT_BYTES_MAX' did not contain a valid uint64_t, or was zero-valued.",
                refusal(Map.of("BPFTRACE_CAT_BYTES_MAX", "lots")));
    }

    /** Variables that change nothing in jtracec are still checked, so a bad value fails as under bpftrace. */
    @Test
    void variablesWithoutEffectAreStillChecked() {
        assertEquals("Env var 'BPFTRACE_MAX_TYPE_RES_ITERATIONS' did not contain a valid uint64_t, or was zero-valued.",
                refusal(Map.of("BPFTRACE_MAX_TYPE_RES_ITERATIONS", "x")));
        assertEquals("Env var 'BPFTRACE_CACHE_USER_SYMBOLS' did not contain a valid value (0 or 1).",
                refusal(Map.of("BPFTRACE_CACHE_USER_SYMBOLS", "yes")));
    }

    @Test
    void flagsAreExactlyZeroOrOne() throws Exception {
        assertTrue(read(Map.of("BPFTRACE_NO_CPP_DEMANGLE", "0")).loader().isDemangling());
        for (var text : new String[] {"true", "2", " 1", ""}) {
            assertEquals("Env var 'BPFTRACE_NO_USER_SYMBOLS' did not contain a valid value (0 or 1).",
                    refusal(Map.of("BPFTRACE_NO_USER_SYMBOLS", text)), text);
        }
    }

    @Test
    void stringsLongerThan200BytesAreRefusedWithBpftracesReason() throws Exception {
        assertEquals(200, read(Map.of("BPFTRACE_STRLEN", "200")).stringSize());
        assertEquals("'BPFTRACE_STRLEN' 201 exceeds the current maximum of 200 bytes.%n"
                .formatted() + "This limitation is because strings are currently stored on the 512 byte BPF stack.",
                refusal(Map.of("BPFTRACE_STRLEN", "201")));
        assertTrue(refusal(Map.of("BPFTRACE_STRLEN", "-1")).startsWith("'BPFTRACE_STRLEN' 18446744073709551615 exceeds"));
    }

    @Test
    void ringBufferPagesMustBeAPowerOfTwo() {
        assertTrue(refusal(Map.of("BPFTRACE_PERF_RB_PAGES", "3")).contains("is not a power of 2"));
        assertTrue(refusal(Map.of("BPFTRACE_PERF_RB_PAGES", "0")).contains("is not a power of 2"));
        assertTrue(refusal(Map.of("BPFTRACE_PERF_RB_PAGES", "1048576")).contains("more than the largest ring buffer"));
    }

    @Test
    void theVerifierLogMustBeASizeTheKernelAccepts() {
        assertTrue(refusal(Map.of("BPFTRACE_LOG_SIZE", "64")).contains("outside the sizes the kernel accepts"));
        assertTrue(refusal(Map.of("BPFTRACE_LOG_SIZE", "4294967295")).contains("outside the sizes the kernel accepts"));
    }

    /** Through the command line: the message, exit status 1, and no stack trace, before any compilation. */
    @Test
    void aBadValueEndsTheRunBeforeCompiling() {
        var result = Jtracec.runWithEnvironment(Map.of("BPFTRACE_STRLEN", "abc"), "--verify", "-e", "BEGIN { exit(); }");
        assertEquals(1, result.exitCode());
        assertEquals("jtracec: error: Env var 'BPFTRACE_STRLEN' did not contain a valid uint64_t, or was zero-valued.\n", result.err());
        assertEquals("", result.out());
    }

    /** BPFTRACE_STRLEN sizes str() (here a map key, 8-aligned), BPFTRACE_MAP_KEYS_MAX the maps, BPFTRACE_PERF_RB_PAGES the event ring buffer. */
    @Test
    void theSizesReachTheCompiledMaps() {
        var script = "BEGIN { @s[str(0)] = count(); printf(\"%s\\n\", str(0)); }";
        var defaults = Jtracec.runWithEnvironment(Map.of(), "-d", "ir", "-e", script);
        assertEquals(0, defaults.exitCode(), defaults.err());
        assertTrue(defaults.out().contains("map #0 AT_s percpu_hash key=64 value=8 entries=4096\n"), defaults.out());
        var set = Jtracec.runWithEnvironment(Map.of("BPFTRACE_STRLEN", "100", "BPFTRACE_MAP_KEYS_MAX", "10", "BPFTRACE_PERF_RB_PAGES", "2"),
                "-d", "ir", "-e", script);
        assertEquals(0, set.exitCode(), set.err());
        assertTrue(set.out().contains("map #0 AT_s percpu_hash key=104 value=8 entries=10\n"), set.out());
        assertTrue(set.out().contains("entries=8192"), set.out());
    }
}

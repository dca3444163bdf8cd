package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtracec --verify OBJECT.o} on a clang-built libbpf-style object: the script report,
 * program by program, with errors at the C line. The object is built at test time; without
 * clang or libbpf-dev the test skips (fails under JTRACEC_REQUIRE_KERNEL=1).
 */
class ObjectVerifyTest {
    private static final Path SOURCE = Path.of("src/test/resources/elf/two_programs.c").toAbsolutePath();

    @TempDir
    Path dir;

    private Path object;

    @BeforeEach
    void build() throws Exception {
        KernelRequirement.require(Files.exists(Path.of("/usr/include/bpf/bpf_helpers.h")), "libbpf-dev (bpf/bpf_helpers.h) is not installed");
        String multiarch = run(List.of("clang", "-print-multiarch")).orElse("");
        KernelRequirement.require(!multiarch.isEmpty(), "clang is not installed");
        // named like a script on purpose: an object is told by its ELF magic, not its suffix
        object = dir.resolve("two_programs.bt");
        var built = run(List.of("clang", "-target", "bpf", "-g", "-O2", "-I/usr/include/" + multiarch.strip(), "-c", SOURCE.toString(), "-o", object.toString()));
        assertTrue(built.isPresent() && Files.exists(object), "clang could not build " + SOURCE);
    }

    @Test
    void eachProgramIsReportedAndTheUnsafeOnePointsAtItsCLine() throws Exception {
        var result = Jtracec.run("--verify", object.toString());
        assertEquals(ExitCode.FAILED, result.exitCode(), result.err());
        assertTrue(result.out().contains(object + ": checked (tracepoint/syscalls/sys_enter_openat): "), result.out());
        assertTrue(result.out().contains(object + ": unchecked (raw_tp/sys_enter): "), result.out());
        assertTrue(result.out().contains(object + ": 2 programs, "), result.out());
        int line = markedLine();
        assertTrue(result.err().contains(SOURCE + ":" + line + ":"), result.err());
        assertTrue(result.err().contains("error[E0302]"), result.err());
        assertTrue(result.err().contains(" " + line + " |     *value += 1;"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void runningAnObjectSaysOnlyVerificationIsSupported() {
        var result = Jtracec.run(object.toString());
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().contains("only verification of objects is supported"), result.err());
        assertTrue(result.err().contains("help: jtracec --verify"), result.err());
    }

    @Test
    void anElfThatIsNotAnEbpfObjectIsAClearError() throws Exception {
        var result = Jtracec.run("--verify", Path.of("/bin/sh").toRealPath().toString());
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().contains("not a relocatable eBPF object"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    private static int markedLine() throws Exception {
        List<String> lines = Files.readAllLines(SOURCE);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("//~ error[E0302]")) return i + 1;
        }
        throw new IllegalStateException("bug: no marker in " + SOURCE);
    }

    /** Standard output of a successful command, or empty when it cannot run or fails. */
    private static java.util.Optional<String> run(List<String> command) throws InterruptedException {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return java.util.Optional.empty();
            }
            return process.exitValue() == 0 ? java.util.Optional.of(output) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }
}

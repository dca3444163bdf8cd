package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --emit-elf FILE}: a dry run that writes the proven programs as an object bpftool loads. */
class EmitElfTest {
    private static final String SCRIPT = """
            tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }
            tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @bytes = hist(args->ret); }
            tracepoint:syscalls:sys_enter_close, tracepoint:syscalls:sys_enter_dup { printf("%d\\n", pid); }
            """;

    @Test
    void bpftoolLoadsEveryProgramOfTheEmittedObject(@TempDir Path directory) throws Exception {
        KernelRequirement.require();
        Path object = directory.resolve("script.o");
        var result = Jtracec.run("--emit-elf", object.toString(), "-e", SCRIPT);
        assertEquals(ExitCode.OK, result.exitCode(), result.err());
        assertEquals("", result.out(), "a dry run prints nothing");
        byte[] elf = Files.readAllBytes(object);
        assertEquals(0x7f, elf[0]);
        assertEquals(247, elf[18] & 0xff, "e_machine is EM_BPF");

        Path pins = Path.of("/sys/fs/bpf/jtracec-emit-" + UUID.randomUUID());
        try {
            var bpftool = new ProcessBuilder("bpftool", "prog", "loadall", object.toString(), pins.toString()).redirectErrorStream(true).start();
            String output = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, bpftool.waitFor(), output);
            try (Stream<Path> pinned = Files.list(pins)) {
                // the last block is one program for both its points; its lost-event counter is the object's .data
                assertEquals(3, pinned.count(), "one pinned program per probe block");
            }
        } finally {
            removeRecursively(pins);
        }
    }

    @Test
    void aProgramTheVerifierRefutesIsNotWritten(@TempDir Path directory) {
        Path object = directory.resolve("unbounded.o");
        var result = Jtracec.run("--emit-elf", object.toString(), "-e", "BEGIN { $i = 0; while ($i >= 0) { $i++; } }");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.err());
        assertFalse(Files.exists(object), "no object for an unproven program");
        assertTrue(result.err().contains("error"), result.err());
    }

    @Test
    void anUnwritableFileIsAClearError() {
        var result = Jtracec.run("--emit-elf", "/nonexistent-directory/x.o", "-e", "BEGIN { exit(); }");
        assertEquals(ExitCode.FAILED, result.exitCode());
        assertTrue(result.err().contains("cannot write /nonexistent-directory/x.o"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    private static void removeRecursively(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

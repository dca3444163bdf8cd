package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -p and -c as bpftrace 0.17 has them: uprobes on that process only, and the run ends with it. */
class TracedProcessTest {
    @Test
    void aCommandRunsAfterAttachingAndTheTraceEndsWhenItExits() {
        KernelRequirement.require();
        // the shell's own exec of /bin/true happens after attach: its execve is seen
        var result = Jtracec.run("-e", "tracepoint:syscalls:sys_enter_execve /comm == \"jtracec-child\" || comm == \"sh\"/ { @execs = count(); }",
                "-c", "/bin/true");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Attaching 1 probe...\n"), result.out());
        assertTrue(result.out().matches("(?s).*@execs: [1-9][0-9]*\n"), result.out());
    }

    @Test
    void uprobesWithPidFireOnlyInThatProcess(@TempDir Path directory) throws Exception {
        KernelRequirement.require();
        // two bash loops call the same function; -p limits the uprobe to the first
        var traced = new ProcessBuilder("bash", "--norc", "-c", "for i in $(seq 1 40); do sleep 0.05; done").start();
        var other = new ProcessBuilder("bash", "--norc", "-c", "for i in $(seq 1 40); do sleep 0.05; done").start();
        try {
            var result = Jtracec.run("-p", Long.toString(traced.pid()), "-e",
                    "uprobe:/bin/bash:execute_command { @[pid] = count(); }");
            assertEquals(0, result.exitCode(), result.err());
            assertTrue(result.out().contains("@[" + traced.pid() + "]: "), result.out());
            assertTrue(!result.out().contains("@[" + other.pid() + "]"), result.out());
        } finally {
            traced.destroyForcibly();
            other.destroyForcibly();
            other.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatDoesNotExistIsAnError() {
        KernelRequirement.require();
        var result = Jtracec.run("-p", "2147483646", "-e", "BEGIN { printf(\"hi\\n\"); }");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("No such process: 2147483646"), result.err());
    }

    @Test
    void aUprobeAtAnAddressFiresAsTheFunctionDoes(@TempDir Path directory) throws Exception {
        KernelRequirement.require();
        Path script = Files.writeString(directory.resolve("three.sh"), "true\ntrue\ntrue\n");
        long address = jtracec.loader.symbols.ElfFile.read(Path.of("/bin/bash")).function("execute_command").orElseThrow().address();
        var byName = Jtracec.run("-e", "uprobe:/bin/bash:execute_command { @calls = count(); }", "-c", "/bin/bash " + script);
        var byAddress = Jtracec.run("-e", "uprobe:/bin/bash:0x%x { @calls = count(); }".formatted(address), "-c", "/bin/bash " + script);
        assertEquals(0, byAddress.exitCode(), byAddress.err());
        assertTrue(byName.out().matches("(?s).*@calls: [1-9][0-9]*\n"), byName.out());
        assertEquals(byName.out(), byAddress.out());
    }

    @Test
    void anAddressOutsideEveryFunctionIsRefusedAsBpftraceDoesInSafeMode() {
        KernelRequirement.require();
        var result = Jtracec.run("-e", "uprobe:/bin/bash:0x10 { @calls = count(); }", "-c", "/bin/true");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("could not resolve address /bin/bash:0x10"), result.err());
    }
}

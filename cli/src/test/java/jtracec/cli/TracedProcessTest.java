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
        // the exec of the command happens after attach, and already under the command's name
        var result = Jtracec.run("-e", "tracepoint:syscalls:sys_enter_execve /str(args->filename) == \"/bin/true\"/ { @[comm] = count(); }",
                "-c", "/bin/true");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Attaching 1 probe...\n"), result.out());
        assertTrue(result.out().matches("(?s).*@\\[true\\]: [1-9][0-9]*\n"), result.out());
        assertTrue(!result.out().contains("@[sh]") && !result.out().contains("@[jspawnhelper]"), result.out());
    }

    @Test
    void everyEventOfTheCommandAfterAttachingHasItsPidAndComm() {
        KernelRequirement.require();
        // the wrapper's last syscalls (the kill that stops it, the exec) come after attaching:
        // they must already show the command's comm; the pid is the one the uprobe fires in
        var result = Jtracec.run("-e", "tracepoint:raw_syscalls:sys_enter /comm == \"jtracec-child\" || comm == \"sh\" || comm == \"jspawnhelper\"/ "
                + "{ @others[comm] = count(); } uprobe:/bin/bash:execute_command { @bash[comm, pid] = count(); } "
                + "tracepoint:sched:sched_process_exec /comm == \"bash\"/ { @exec[pid] = count(); }",
                "-c", "/bin/bash -c true;true");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(!result.out().contains("@others"), result.out());
        var bash = java.util.regex.Pattern.compile("@bash\\[bash, (\\d+)\\]: [1-9]").matcher(result.out());
        assertTrue(bash.find(), result.out());
        assertTrue(result.out().contains("@exec[" + bash.group(1) + "]: 1"), result.out());
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
    void aMissingFunctionAmongAProbesUprobesIsSkippedWithAWarningAsBpftraceRunsOnWithoutIt() {
        KernelRequirement.require();
        var result = Jtracec.run("-e", "uprobe:/bin/bash:no_such_function_jtracec, uprobe:/bin/bash:execute_command { @calls = count(); }",
                "-c", "/bin/bash -c true;true");
        assertEquals(0, result.exitCode(), result.err());
        // counted as bpftrace counts it: without the missing function
        assertTrue(result.out().startsWith("Attaching 1 probe...\n"), result.out());
        assertTrue(result.out().matches("(?s).*@calls: [1-9][0-9]*\n"), result.out());
        assertTrue(result.err().contains("warning: function no_such_function_jtracec not found in /bin/bash; the probe's other functions are traced"),
                result.err());
    }

    @Test
    void aProbeWhoseUprobesAllMissIsAnErrorBeforeAnyOutput() {
        KernelRequirement.require();
        var result = Jtracec.run("-e", "uprobe:/bin/bash:no_such_function_jtracec { @calls = count(); }", "-c", "/bin/true");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertEquals("", result.out());
        assertTrue(result.err().contains("error: function no_such_function_jtracec not found in /bin/bash"), result.err());
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

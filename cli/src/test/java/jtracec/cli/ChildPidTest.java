package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** cpid is the pid of the -c command, which is started (stopped) before compilation, as bpftrace 0.17 does. */
@Tag("kernel")
class ChildPidTest {
    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    /** The command's own exits are traced: its pid, and cpid, is that of the process that calls exit_group. */
    @Test
    void cpidIsThePidOfTheCommand() {
        var result = Jtracec.run("-c", "/bin/true", "-e",
                "tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf(\"%d %d\\n\", cpid == pid, sizeof(cpid)); }");
        assertEquals(0, result.exitCode(), result.err());
        // bpftrace 0.17 types cpid as a uint32
        assertEquals("Attaching 1 probe...\n1 4\n\n\n", result.out());
    }

    @Test
    void cpidWithoutACommandIsAnError() {
        var result = Jtracec.run("-e", "BEGIN { printf(\"%d\\n\", cpid); exit(); }");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains(":1:24: error[E0214]: cpid cannot be used without a child command"), result.err());
    }

    /** The command waits, stopped, for the probes; when compilation fails it is killed before it runs. */
    @Test
    void aCommandIsNotRunWhenTheScriptDoesNotCompile() throws Exception {
        Path marker = Files.createTempFile("jtracec-cpid", ".ran");
        Files.delete(marker);
        var result = Jtracec.run("-c", "/usr/bin/touch " + marker, "-e", "BEGIN { printf(\"%d\\n\", no_such_identifier); }");
        assertEquals(1, result.exitCode());
        Thread.sleep(200);
        assertFalse(Files.exists(marker), "the command ran");
    }
}

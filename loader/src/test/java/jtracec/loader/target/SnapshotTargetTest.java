package jtracec.loader.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jtracec.loader.KernelRequirement;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.TracepointField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTargetTest {
    @Test
    void aHandWrittenSnapshotAnswersLikeAKernel(@TempDir Path directory) throws Exception {
        var file = directory.resolve("host.json");
        Files.writeString(file, """
                {"format": "jtracec-target-snapshot/1", "describe": "this kernel (6.1.0)", "possibleCpus": 8,
                 "features": {"KPROBES": true, "FENTRY": false, "SOMETHING_NEWER": true},
                 "tracepoints": [{"category": "syscalls", "name": "sys_enter_openat", "id": 612,
                                  "fields": [["filename", "const char *", 24, 8, false], ["dfd", "int", 16, 8, true]]}],
                 "kernelFunctions": ["vfs_read", "do_sys_openat2"]}
                """);
        var target = SnapshotTarget.read(file);
        assertEquals("snapshot host.json of this kernel (6.1.0)", target.describe());
        assertEquals(8, target.possibleCpus());
        assertTrue(target.supports(KernelFeature.KPROBES));
        assertFalse(target.supports(KernelFeature.FENTRY));
        assertFalse(target.supports(KernelFeature.RINGBUF), "features the file does not name are unsupported");
        assertEquals(List.of("syscalls:sys_enter_openat"), target.tracepoints());
        assertEquals(new TracepointField("dfd", "int", 16, 8, true), target.tracepoint("syscalls", "sys_enter_openat").orElseThrow().field("dfd").orElseThrow());
        assertTrue(target.hasKernelFunction("vfs_read"));
        assertFalse(target.hasKernelFunction("vfs_write"));
    }

    @Test
    void aFileThatIsNotASnapshotIsRefused(@TempDir Path directory) throws Exception {
        var file = directory.resolve("other.json");
        Files.writeString(file, "{\"format\": \"something-else/3\"}");
        assertThrows(SnapshotFormatException.class, () -> SnapshotTarget.read(file));
        Files.writeString(file, "{\"format\": ");
        assertThrows(SnapshotFormatException.class, () -> SnapshotTarget.read(file));
    }

    @Test
    void thisKernelRoundTripsThroughASnapshot(@TempDir Path directory) throws Exception {
        KernelRequirement.requireBpf();
        KernelRequirement.require(Files.isDirectory(Path.of("/sys/kernel/tracing/events")), "tracefs is not mounted at /sys/kernel/tracing");
        var live = new LiveTarget();
        var file = directory.resolve("this.json");
        SnapshotTarget.write(live, file);
        var snapshot = SnapshotTarget.read(file);
        assertEquals(live.tracepoints(), snapshot.tracepoints());
        assertEquals(live.tracepoint("sched", "sched_switch"), snapshot.tracepoint("sched", "sched_switch"));
        assertEquals(live.possibleCpus(), snapshot.possibleCpus());
        for (var feature : KernelFeature.values()) assertEquals(live.supports(feature), snapshot.supports(feature), feature.name());
        assertTrue(snapshot.hasKernelFunction("vfs_read"));
        System.out.printf("[snapshot] %d tracepoints, %d kernel functions, %d bytes%n",
                snapshot.tracepoints().size(), live.kernelFunctions().size(), Files.size(file));
    }
}

package jtracec.loader.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jtracec.loader.KernelRequirement;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.TracepointField;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveTargetTest {
    private final LiveTarget target = new LiveTarget();

    @BeforeEach
    void kernel() {
        KernelRequirement.requireBpf();
        KernelRequirement.require(Files.isDirectory(Path.of("/sys/kernel/tracing/events/syscalls")), "tracefs with syscall tracepoints is not mounted at /sys/kernel/tracing");
    }

    @Test
    void theOpenatTracepointHasItsIdAndFilenameField() throws Exception {
        var format = target.tracepoint("syscalls", "sys_enter_openat").orElseThrow();
        var id = Integer.parseInt(Files.readString(Path.of("/sys/kernel/tracing/events/syscalls/sys_enter_openat/id")).strip());
        assertEquals(id, format.id());
        assertEquals(new TracepointField("filename", "const char *", 24, 8, false), format.field("filename").orElseThrow());
        assertEquals(new TracepointField("common_pid", "int", 4, 4, true), format.field("common_pid").orElseThrow());
    }

    @Test
    void missingOrMaliciousTracepointNamesAreAbsent() {
        assertTrue(target.tracepoint("syscalls", "no_such_tracepoint").isEmpty());
        assertTrue(target.tracepoint("..", "..").isEmpty());
    }

    @Test
    void tracepointsAreListedAsCategoryAndName() {
        assertTrue(target.tracepoints().contains("syscalls:sys_enter_openat"));
        assertTrue(target.tracepoints().contains("sched:sched_switch"));
    }

    @Test
    void kernelFunctionsComeFromKallsyms() {
        assertTrue(target.hasKernelFunction("vfs_read"));
        assertFalse(target.hasKernelFunction("jtracec_no_such_function"));
    }

    @Test
    void featuresMatchWhatTheKernelExposes() {
        assertEquals(Files.isDirectory(Path.of("/sys/bus/event_source/devices/kprobe")), target.supports(KernelFeature.KPROBES));
        assertEquals(Files.isDirectory(Path.of("/sys/bus/event_source/devices/uprobe")), target.supports(KernelFeature.UPROBES));
        assertEquals(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), target.supports(KernelFeature.BTF));
        assertTrue(target.supports(KernelFeature.RINGBUF));
        assertTrue(target.supports(KernelFeature.RAW_TRACEPOINTS));
        // can_elide_value_nullness() arrived in 6.14: the probe's load agrees with the release
        assertEquals(isAtLeast(6, 14), target.supports(KernelFeature.CONSTANT_KEY_ARRAY_LOOKUP));
        System.out.println("[features] " + java.util.Arrays.stream(KernelFeature.values())
                .map(feature -> feature + "=" + target.supports(feature)).toList());
    }

    @Test
    void aFeatureAskedWhileTheBackgroundProbeRunsGetsTheKernelsAnswer() {
        var early = new LiveTarget();
        early.probeInBackground();
        // asked at once, from here, while the daemon thread may still be probing the same feature
        assertTrue(early.supports(KernelFeature.RINGBUF));
        assertEquals(target.supports(KernelFeature.BTF), early.supports(KernelFeature.BTF));
        assertEquals(target.supports(KernelFeature.RAW_TRACEPOINTS), early.supports(KernelFeature.RAW_TRACEPOINTS));
    }

    private static boolean isAtLeast(int major, int minor) {
        try {
            String[] parts = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip().split("[.-]");
            int ma = Integer.parseInt(parts[0]), mi = Integer.parseInt(parts[1]);
            return ma > major || ma == major && mi >= minor;
        } catch (java.io.IOException | RuntimeException e) {
            throw new AssertionError("unreadable kernel release", e);
        }
    }

    @Test
    void possibleCpusCoverTheOnlineOnes() {
        assertTrue(target.possibleCpus() >= target.onlineCpus().size());
        assertTrue(target.describe().startsWith("this kernel ("));
    }
}

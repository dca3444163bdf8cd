package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jtracec.cli.KernelObjects.Kind;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.kernel.KernelFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kprobe wildcard is one program attached with one kprobe_multi link where the kernel has them,
 * not one perf-event kprobe per function, and it still counts every function and sees their calls
 * with {@code func} naming each.
 */
@Tag("kernel")
class KprobeMultiTest {
    private static final String SCRIPT = "kprobe:vfs_read* { @[func] = count(); }";

    @TempDir
    Path dir;

    private Process jtracec;

    @BeforeEach
    void needsKprobeMulti() {
        KernelRequirement.require();
        var target = new LiveTarget();
        KernelRequirement.requireKernelFeature(target, KernelFeature.KPROBES, "kprobe:vfs_read* cannot attach, with kprobe_multi links or without");
        KernelRequirement.requireKernelFeature(target, KernelFeature.KPROBE_MULTI, "a kprobe wildcard falls back to one perf-event kprobe per function");
    }

    @AfterEach
    void killLeftover() {
        if (jtracec != null) jtracec.destroyForcibly();
    }

    @Test
    void aWildcardIsOneProgramWithOneKprobeMultiLinkAndCountsEachFunction() throws Exception {
        jtracec = Jtracec.start(dir.resolve("out"), dir.resolve("err"), "-e", SCRIPT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (KernelObjects.ownedBy(Kind.LINK, jtracec.pid()).isEmpty()) {
            if (!jtracec.isAlive()) throw new AssertionError("jtracec exited early: " + read("err"));
            assertTrue(System.nanoTime() < deadline, "jtracec did not attach within 120 s");
            Thread.sleep(200);
        }
        Thread.sleep(500); // a per-function attach would still be adding links
        Set<Integer> links = KernelObjects.ownedBy(Kind.LINK, jtracec.pid());
        assertEquals(1, links.size(), "one link for every vfs_read* function: " + links);
        assertEquals(1, KernelObjects.ownedBy(Kind.PROGRAM, jtracec.pid()).size(), "one program");
        String link = KernelObjects.bpftool("link", "show", "id", Integer.toString(links.iterator().next()));
        assertTrue(link.contains("kprobe_multi"), link);
        try (var cats = Workload.catEvery100Millis()) {
            cats.awaitRuns(3);
        }
        jtracec.destroy(); // SIGTERM prints the maps
        assertTrue(jtracec.waitFor(60, TimeUnit.SECONDS), "jtracec ends on SIGTERM");
        String out = read("out");
        assertEquals(0, jtracec.exitValue(), read("err"));
        var attaching = out.lines().findFirst().orElse("");
        assertTrue(attaching.matches("Attaching [2-9]\\d* probes\\.\\.\\."), "every matched function counts as a probe: " + attaching);
        assertTrue(out.matches("(?s).*\\n@\\[vfs_read\\]: \\d+\\n.*"), "func names the function of each call: " + out);
    }

    private String read(String name) throws java.io.IOException {
        return Files.readString(dir.resolve(name));
    }
}

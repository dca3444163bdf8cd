package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jtracec.cli.KernelObjects.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ending a trace by signal: SIGTERM and SIGINT print the maps and detach; SIGKILL cannot be
 * handled, but attachments are fd-based, so the kernel drops them with the process. Either way no
 * program, link or uprobe event of ours remains.
 */
@Tag("kernel")
class LifecycleTest {
    private static final String SCRIPT =
            "uprobe:/bin/bash:readline { @calls = count(); } tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }";

    @TempDir
    Path dir;

    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    private Process jtracec;

    @AfterEach
    void killLeftover() {
        if (jtracec != null) jtracec.destroyForcibly();
    }

    @Test
    void sigtermPrintsMapsAndLeavesNothingAttached() throws Exception {
        String uprobeEventsBefore = KernelObjects.uprobeEvents();
        jtracec = startAndAwaitAttachment();
        Set<Integer> programs = KernelObjects.ownedBy(Kind.PROGRAM, jtracec.pid());
        Set<Integer> links = KernelObjects.ownedBy(Kind.LINK, jtracec.pid());
        assertEquals(2, programs.size(), "one program per probe while tracing");
        try (var cats = Workload.catEvery100Millis()) {
            cats.awaitRuns(3);
        }
        jtracec.destroy(); // SIGTERM
        assertTrue(jtracec.waitFor(60, TimeUnit.SECONDS), "jtracec ends on SIGTERM");
        String out = Files.readString(dir.resolve("out"));
        assertEquals(0, jtracec.exitValue(), Files.readString(dir.resolve("err")));
        assertTrue(out.matches("(?s)Attaching 2 probes\\.\\.\\.\n\n\n.*@\\[cat\\]: \\d+\n.*"),
                "stdout:\n" + out + "\nstderr:\n" + Files.readString(dir.resolve("err")));
        assertNothingLeft(programs, links, uprobeEventsBefore);
    }

    @Test
    void sigkillLeavesNothingAttachedBecauseAttachmentsAreFileDescriptors() throws Exception {
        String uprobeEventsBefore = KernelObjects.uprobeEvents();
        jtracec = startAndAwaitAttachment();
        Set<Integer> programs = KernelObjects.ownedBy(Kind.PROGRAM, jtracec.pid());
        Set<Integer> links = KernelObjects.ownedBy(Kind.LINK, jtracec.pid());
        assertFalse(programs.isEmpty());
        jtracec.destroyForcibly();
        assertTrue(jtracec.waitFor(60, TimeUnit.SECONDS));
        assertNothingLeft(programs, links, uprobeEventsBefore);
    }

    private Process startAndAwaitAttachment() throws Exception {
        Process started = Jtracec.start(dir.resolve("out"), dir.resolve("err"), "-e", SCRIPT);
        jtracec = started;
        awaitAttachment(started, () -> KernelObjects.ownedBy(Kind.LINK, started.pid()).size() == 2, 120);
        return started;
    }

    /** Waits until the condition holds, failing if jtracec exits first or the time runs out. */
    private void awaitAttachment(Process jtracec, BooleanSupplier condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!jtracec.isAlive()) {
                throw new AssertionError("jtracec exited early: " + Files.readString(dir.resolve("err")));
            }
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("jtracec did not attach within " + seconds + " s");
    }

    private static void assertNothingLeft(Set<Integer> programs, Set<Integer> links, String uprobeEventsBefore) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Integer> remaining;
        do {
            remaining = new HashSet<>(KernelObjects.loaded(Kind.PROGRAM));
            remaining.retainAll(programs);
            Set<Integer> remainingLinks = new HashSet<>(KernelObjects.loaded(Kind.LINK));
            remainingLinks.retainAll(links);
            remaining.addAll(remainingLinks);
            if (remaining.isEmpty()) break;
            Thread.sleep(200); // the kernel frees programs after an RCU grace period
        } while (System.nanoTime() < deadline);
        assertEquals(Set.of(), remaining, "programs/links of ours still loaded");
        assertEquals(uprobeEventsBefore, KernelObjects.uprobeEvents(), "uprobe_events changed");
    }
}

package jtracec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The policy for tests that need the real kernel: where BPF tracing is unavailable they skip and
 * print why, unless {@code JTRACEC_REQUIRE_KERNEL=1} (set by CI), which makes them fail instead.
 */
public final class KernelRequirement {
    private KernelRequirement() {}

    public static void require() {
        Optional<String> missing = whyUnavailable();
        if (missing.isEmpty()) return;
        String reason = "needs the kernel's BPF tracing: " + missing.get();
        if ("1".equals(System.getenv("JTRACEC_REQUIRE_KERNEL"))) {
            Assertions.fail(reason + " (JTRACEC_REQUIRE_KERNEL=1 forbids skipping)");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** For tests that need a tool beyond the kernel (a compiler, headers): the same policy. */
    static void require(boolean isAvailable, String reason) {
        if (isAvailable) return;
        if ("1".equals(System.getenv("JTRACEC_REQUIRE_KERNEL"))) {
            Assertions.fail(reason + " (JTRACEC_REQUIRE_KERNEL=1 forbids skipping)");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /**
     * For tests of a kernel feature this machine's kernel may be built without (kprobes, kprobe_multi
     * links): they skip and print why, even under {@code JTRACEC_REQUIRE_KERNEL=1}, because a kernel
     * configuration is a fact about the machine, not a broken test set-up. Call {@link #require()} first.
     */
    static void requireKernelFeature(jtracec.spec.kernel.Target target, jtracec.spec.kernel.KernelFeature feature, String why) {
        if (target.supports(feature)) return;
        String reason = "%s has no %s: %s".formatted(target.describe(), feature.description(), why);
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** A test that builds its traced program needs the tool: the same skip-or-fail policy. */
    static Path requireTool(String tool, List<Path> places) {
        Optional<Path> found = places.stream().map(place -> place.resolve(tool)).filter(Files::isExecutable).findFirst();
        require(found.isPresent(), "needs %s to build the traced program (looked in %s)".formatted(tool, places));
        return found.orElseThrow();
    }

    /** $PATH's directories, then {@code extra}. */
    static List<Path> pathAnd(Path... extra) {
        var places = new java.util.ArrayList<Path>();
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!directory.isEmpty()) places.add(Path.of(directory));
        }
        places.addAll(List.of(extra));
        return places;
    }

    private static Optional<String> whyUnavailable() {
        if (!isRoot()) return Optional.of("not running as root");
        if (!Files.isDirectory(Path.of("/sys/kernel/tracing/events"))) {
            return Optional.of("tracefs is not mounted at /sys/kernel/tracing (run scripts/prepare-machine)");
        }
        if (!Files.exists(Path.of("/sys/kernel/btf/vmlinux"))) return Optional.of("/sys/kernel/btf/vmlinux is missing");
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}

package jtracec.loader;

import java.util.Optional;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.SystemCallException;
import jtracec.spec.kernel.MapType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place that decides whether kernel-facing tests run: they need bpf(2) with enough
 * privilege to create a map. Without it they are skipped with the reason printed, unless
 * {@code JTRACEC_REQUIRE_KERNEL=1} (CI), where a missing kernel fails the test instead.
 */
public final class KernelRequirement {
    private static final String REQUIRE = "JTRACEC_REQUIRE_KERNEL";

    private KernelRequirement() {}

    /** Call first in every kernel-facing test. */
    public static void requireBpf() {
        missingReason().ifPresent(reason -> {
            if ("1".equals(System.getenv(REQUIRE))) {
                Assertions.fail("kernel required (%s=1) but unavailable: %s".formatted(REQUIRE, reason));
            }
            System.out.println("[skipped] kernel test: " + reason);
            Assumptions.abort(reason);
        });
    }

    /** For tests that need a kernel facility beyond BPF itself (a compiler, a tracefs file). */
    public static void require(boolean isAvailable, String reason) {
        if (isAvailable) return;
        if ("1".equals(System.getenv(REQUIRE))) Assertions.fail("kernel test requirement unmet: " + reason);
        System.out.println("[skipped] kernel test: " + reason);
        Assumptions.abort(reason);
    }

    private static Optional<String> missingReason() {
        try (var map = new Bpf().createMap(MapType.ARRAY.kernelValue(), 4, 8, 1, "jtracec_probe")) {
            return Optional.empty();
        } catch (SystemCallException e) {
            return Optional.of("BPF_MAP_CREATE failed: " + e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.of("cannot reach libc through JNA: " + e.getMessage());
        }
    }
}

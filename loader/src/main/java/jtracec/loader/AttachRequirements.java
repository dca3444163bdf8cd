package jtracec.loader;

import java.util.List;
import java.util.Optional;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfProgram;

/**
 * Whether a kernel can attach a program at all, and if not, which feature it lacks and which probe
 * to use instead. The one place that advice is written: the attacher throws it before opening
 * anything, and {@code --verify} shows it as a warning against any target, live or snapshot.
 */
public final class AttachRequirements {
    private static final List<String> FUNCTION_PREFIXES =
            List.of("__x64_sys_", "__arm64_sys_", "__se_sys_", "__do_sys_", "do_sys_", "ksys_", "sys_", "vfs_", "do_");

    private final Target target;

    public AttachRequirements(Target target) {
        this.target = target;
    }

    /** Why {@code program} cannot attach on the target, or empty when nothing it needs is missing. */
    public Optional<FeatureUnavailableException> missing(BpfProgram program) {
        for (AttachSite site : program.sites()) {
            Optional<FeatureUnavailableException> missing = site.point().requiredFeature().filter(feature -> !target.supports(feature))
                    .map(feature -> new FeatureUnavailableException(feature,
                            "%s cannot attach: %s has no %s".formatted(site.probe(), target.describe(), what(feature)),
                            alternative(site.point(), feature)));
            if (missing.isPresent()) return missing;
        }
        return Optional.empty();
    }

    private static String what(KernelFeature feature) {
        return switch (feature) {
            case KPROBES -> "kprobes (it is built without CONFIG_KPROBES)";
            case UPROBES -> "uprobes (it is built without CONFIG_UPROBE_EVENTS)";
            case FENTRY -> "fentry/fexit attachment (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)";
            case HARDWARE_PMU -> "hardware PMU (none is exposed to this machine, e.g. a VM without PMU passthrough)";
            case KPROBE_MULTI, RAW_TRACEPOINTS, RINGBUF, PROBE_WRITE_USER, BTF, CONSTANT_KEY_ARRAY_LOOKUP -> feature.description();
        };
    }

    private String alternative(AttachPoint point, KernelFeature feature) {
        return switch (point) {
            case AttachPoint.Kprobe kprobe -> tracepointFor(kprobe.function());
            case AttachPoint.Kfunc kfunc -> tracepointFor(kfunc.function());
            case AttachPoint.Hardware hardware -> "use a software event instead, e.g. software:cpu-clock:1000000 or profile:hz:99";
            case AttachPoint.Uprobe uprobe -> "there is no replacement for user-space probes on this kernel";
            case AttachPoint.Usdt usdt -> "there is no replacement for user-space probes on this kernel";
            case AttachPoint.RawTracepoint raw -> "use the tracepoint: form of the same event";
            case AttachPoint.Begin b -> "run it on a kernel with " + feature.description();
            case AttachPoint.End e -> "run it on a kernel with " + feature.description();
            case AttachPoint.Tracepoint t -> "run it on a kernel with " + feature.description();
            case AttachPoint.Interval i -> "run it on a kernel with " + feature.description();
            case AttachPoint.Profile p -> "run it on a kernel with " + feature.description();
            case AttachPoint.Software s -> "run it on a kernel with " + feature.description();
            case AttachPoint.Watchpoint w -> "run it on a kernel with " + feature.description();
        };
    }

    /** A tracepoint that observes the same event as a kernel function, when one is known. */
    private String tracepointFor(String function) {
        var base = function;
        for (var prefix : FUNCTION_PREFIXES) {
            if (base.startsWith(prefix)) {
                base = base.substring(prefix.length());
                break;
            }
        }
        for (var candidate : List.of(base, base + "at", base.replaceAll("\\d+$", ""))) {
            if (target.tracepoint("syscalls", "sys_enter_" + candidate).isPresent()) {
                return "use a tracepoint instead, e.g. tracepoint:syscalls:sys_enter_%s for %s".formatted(candidate, function);
            }
        }
        for (var name : target.tracepoints()) {
            if (name.endsWith(":" + function)) return "use a tracepoint instead, e.g. tracepoint:%s for %s".formatted(name, function);
        }
        return "use a tracepoint or rawtracepoint instead; list them with: jtracec -l 'tracepoint:*'";
    }
}

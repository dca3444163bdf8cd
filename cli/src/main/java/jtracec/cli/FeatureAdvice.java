package jtracec.cli;

import java.util.List;
import java.util.Optional;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Severity;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/**
 * What to tell a user whose probe needs a kernel feature the target lacks: which feature, and
 * which probe to use instead. Used for {@code --verify} warnings and for attach failures alike.
 */
final class FeatureAdvice {
    /** Kernel function prefixes whose suffix usually names a system call with its own tracepoint. */
    private static final List<String> SYSCALL_PREFIXES = List.of("__x64_sys_", "__arm64_sys_", "__se_sys_", "ksys_",
            "do_sys_", "vfs_", "sys_", "do_");

    private final Target target;

    FeatureAdvice(Target target) {
        this.target = target;
    }

    /** One diagnostic per program that cannot attach on the target. */
    List<Diagnostic> unattachable(BpfObject object, Severity severity) {
        return object.programs().stream()
                .flatMap(program -> missingFeature(program.attach()).stream().map(feature -> describe(program, feature, severity)))
                .toList();
    }

    Optional<KernelFeature> missingFeature(AttachPoint point) {
        return point.requiredFeature().filter(feature -> !target.supports(feature));
    }

    Diagnostic describe(BpfProgram program, KernelFeature feature, Severity severity) {
        String message = "%s cannot attach on %s: the kernel has no %s".formatted(program.probe(), target.describe(),
                feature.description());
        return new Diagnostic(severity, CliCode.CANNOT_ATTACH_HERE, message, program.span(), List.of(),
                Optional.of(alternative(program.attach(), feature)));
    }

    private String alternative(AttachPoint point, KernelFeature feature) {
        return switch (feature) {
            case KPROBES -> point instanceof AttachPoint.Kprobe kprobe
                    ? tracepointFor(kprobe.function())
                            .map(tp -> "trace it through a tracepoint instead, e.g. %s (or a rawtracepoint)".formatted(tp))
                            .orElse("trace it through a tracepoint or rawtracepoint instead (list them with: ls /sys/kernel/tracing/events)")
                    : "use a tracepoint or rawtracepoint instead";
            case FENTRY -> "use a tracepoint or rawtracepoint instead; kfunc/kretfunc need fentry/fexit attachment";
            case HARDWARE_PMU -> "use a software event (software:cpu-clock:1000000) or profile:hz:99 instead";
            case UPROBES -> "this kernel is built without uprobes; no user-space tracing is possible here";
            case RAW_TRACEPOINTS -> "use the tracepoint: form of the same event";
            case PROBE_WRITE_USER -> "the kernel runs under lockdown; the script cannot write user memory here";
            case KPROBE_MULTI, RINGBUF, BTF -> "run it on a newer kernel";
        };
    }

    /** A syscall tracepoint matching a kernel function name, e.g. vfs_read → tracepoint:syscalls:sys_enter_read. */
    private Optional<String> tracepointFor(String function) {
        for (String prefix : SYSCALL_PREFIXES) {
            if (function.startsWith(prefix)) {
                String syscall = function.substring(prefix.length());
                if (target.tracepoint("syscalls", "sys_enter_" + syscall).isPresent()) {
                    return Optional.of("tracepoint:syscalls:sys_enter_" + syscall);
                }
            }
        }
        return target.tracepoints().stream().filter(tp -> tp.endsWith(":" + function)).findFirst().map(tp -> "tracepoint:" + tp);
    }
}

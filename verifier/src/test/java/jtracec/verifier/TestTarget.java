package jtracec.verifier;

import java.util.List;
import java.util.Set;
import java.util.Optional;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;

/** A kernel for tests: every feature, and the formats of syscalls:sys_enter_openat and sys_exit_read as on x86-64. */
record TestTarget(boolean hasRingbuf) implements Target {
    static final TestTarget FULL = new TestTarget(true);

    private static final TracepointFormat OPENAT = new TracepointFormat("syscalls", "sys_enter_openat", 700, List.of(
            new TracepointField("common_type", "unsigned short", 0, 2, false),
            new TracepointField("common_flags", "unsigned char", 2, 1, false),
            new TracepointField("common_preempt_count", "unsigned char", 3, 1, false),
            new TracepointField("common_pid", "int", 4, 4, true),
            new TracepointField("__syscall_nr", "int", 8, 4, true),
            new TracepointField("dfd", "int", 16, 8, true),
            new TracepointField("filename", "const char *", 24, 8, false),
            new TracepointField("flags", "int", 32, 8, true),
            new TracepointField("mode", "umode_t", 40, 8, false)));

    private static final TracepointFormat EXIT_READ = new TracepointFormat("syscalls", "sys_exit_read", 841, List.of(
            new TracepointField("common_type", "unsigned short", 0, 2, false),
            new TracepointField("common_flags", "unsigned char", 2, 1, false),
            new TracepointField("common_preempt_count", "unsigned char", 3, 1, false),
            new TracepointField("common_pid", "int", 4, 4, true),
            new TracepointField("__syscall_nr", "int", 8, 4, true),
            new TracepointField("ret", "long", 16, 8, true)));

    @Override
    public String describe() {
        return "test target";
    }

    @Override
    public boolean supports(KernelFeature feature) {
        return feature != KernelFeature.RINGBUF || hasRingbuf;
    }

    @Override
    public Optional<TracepointFormat> tracepoint(String category, String name) {
        if (!category.equals("syscalls")) return Optional.empty();
        return switch (name) {
            case "sys_enter_openat" -> Optional.of(OPENAT);
            case "sys_exit_read" -> Optional.of(EXIT_READ);
            default -> Optional.empty();
        };
    }

    @Override
    public List<String> tracepoints() {
        return List.of("syscalls:sys_enter_openat", "syscalls:sys_exit_read");
    }


    /** The verifier never expands probes; a kernel function name is enough for kprobe-typed cases. */
    @Override
    public Set<String> kernelFunctions() {
        return Set.of("vfs_read");
    }

    @Override
    public Optional<jtracec.spec.kernel.KernelTypes> kernelTypes() {
        return Optional.empty();
    }

    @Override
    public int possibleCpus() {
        return 4;
    }
}

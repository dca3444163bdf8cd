package jtracec.spec.kernel;

/** Kernel capabilities that decide whether a probe can attach or a helper can be used. */
public enum KernelFeature {
    /** CONFIG_KPROBES: kprobe/kretprobe attach points (the kprobe PMU). */
    KPROBES("kprobes (CONFIG_KPROBES)"),
    /** BPF_TRACE_KPROBE_MULTI links: one link attaching a kprobe program at many functions (5.18+, CONFIG_FPROBE). */
    KPROBE_MULTI("kprobe_multi links (CONFIG_FPROBE)"),
    UPROBES("uprobes"),
    /** fentry/fexit attachment through BTF (kfunc/kretfunc probes). */
    FENTRY("fentry/fexit attachment"),
    RAW_TRACEPOINTS("raw tracepoints"),
    RINGBUF("BPF ring buffers"),
    HARDWARE_PMU("a hardware performance-monitoring unit"),
    /** bpf_probe_write_user; refused under lockdown=integrity. */
    PROBE_WRITE_USER("bpf_probe_write_user (blocked by kernel lockdown)"),
    BTF("kernel BTF (/sys/kernel/btf/vmlinux)"),
    /**
     * The kernel's verifier knows that bpf_map_lookup_elem on an array with a constant key below
     * max_entries never returns null (Linux 6.14, "bpf: verifier: Support eliding map lookup nullness").
     */
    CONSTANT_KEY_ARRAY_LOOKUP("non-null array lookups with a constant key (Linux 6.14)");

    private final String description;

    KernelFeature(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

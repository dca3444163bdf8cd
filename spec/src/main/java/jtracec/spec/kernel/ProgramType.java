package jtracec.spec.kernel;

/** BPF program types jtracec emits, with their {@code enum bpf_prog_type} values. */
public enum ProgramType {
    KPROBE(2), TRACEPOINT(5), PERF_EVENT(7), RAW_TRACEPOINT(17), TRACING(26);

    private final int kernelValue;

    ProgramType(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    public int kernelValue() {
        return kernelValue;
    }
}

package jtracec.spec.kernel;

/** BPF map types jtracec uses, with their {@code enum bpf_map_type} values. */
public enum MapType {
    HASH(1), ARRAY(2), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6), STACK_TRACE(7), LRU_HASH(9), RINGBUF(27);

    private final int kernelValue;

    MapType(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    public int kernelValue() {
        return kernelValue;
    }

    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY;
    }
}

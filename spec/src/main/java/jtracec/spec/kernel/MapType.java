package jtracec.spec.kernel;

import java.util.Optional;

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

    /**
     * Why BPF_MAP_CREATE refuses a map of this type with these sizes, or empty when it accepts them:
     * the {@code map_alloc_check}/{@code map_alloc} rules of kernel/bpf/arraymap.c, hashtab.c,
     * stackmap.c and ringbuf.c (perf_event_max_stack at its default, 127 frames).
     */
    public Optional<String> creationFault(int keySize, int valueSize, int maxEntries) {
        if (maxEntries <= 0) return Optional.of("it must hold at least one entry");
        return switch (this) {
            case ARRAY, PERCPU_ARRAY -> keySize != 4 ? Optional.of("an array map needs 4-byte keys, not %d".formatted(keySize))
                    : valueSize <= 0 ? Optional.of("its values must not be empty")
                    : this == PERCPU_ARRAY && roundUp8(valueSize) > PERCPU_VALUE_LIMIT ? Optional.of("per-CPU values are limited to 32 KiB")
                    : Optional.empty();
            case HASH, PERCPU_HASH, LRU_HASH -> keySize <= 0 || valueSize <= 0 ? Optional.of("its keys and values must not be empty")
                    : keySize > STACK_BYTES ? Optional.of("keys are limited to 512 bytes, the stack they are built on")
                    : this == PERCPU_HASH && roundUp8(valueSize) > PERCPU_VALUE_LIMIT ? Optional.of("per-CPU values are limited to 32 KiB")
                    : Optional.empty();
            case STACK_TRACE -> keySize != 4 ? Optional.of("a stack-trace map needs 4-byte keys, not %d".formatted(keySize))
                    : valueSize < 8 || valueSize % 8 != 0 || valueSize / 8 > MAX_STACK_FRAMES
                    ? Optional.of("a stack-trace map's value must be 1 to 127 u64 frames, not %d bytes".formatted(valueSize))
                    : Optional.empty();
            case PERF_EVENT_ARRAY -> keySize != 4 || valueSize != 4 ? Optional.of("a perf event array needs 4-byte keys and values") : Optional.empty();
            case RINGBUF -> keySize != 0 || valueSize != 0 ? Optional.of("a ring buffer has no keys or values")
                    : Integer.bitCount(maxEntries) != 1 || maxEntries % PAGE_BYTES != 0
                    ? Optional.of("a ring buffer's size must be a power of 2 and a multiple of the page size")
                    : Optional.empty();
        };
    }

    private static final int PERCPU_VALUE_LIMIT = 32 * 1024, STACK_BYTES = 512, MAX_STACK_FRAMES = 127, PAGE_BYTES = 4096;

    private static int roundUp8(int size) {
        return (size + 7) & ~7;
    }

    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY;
    }
}

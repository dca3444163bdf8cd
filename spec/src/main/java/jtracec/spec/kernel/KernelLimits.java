package jtracec.spec.kernel;

/** Limits the kernel enforces on programs and maps, with where they come from. */
public final class KernelLimits {
    private KernelLimits() {}

    /** MAX_BPF_STACK in include/linux/filter.h. */
    public static final int STACK_SIZE = 512;
    /** BPF_COMPLEXITY_LIMIT_INSNS in include/linux/bpf.h: instructions the verifier processes per program. */
    public static final int MAX_PROCESSED_INSNS = 1_000_000;
    /** BPF_MAXINSNS in include/uapi/linux/bpf_common.h: program length for unprivileged loaders. */
    public static final int MAX_INSNS_UNPRIVILEGED = 4096;
    /** BPF_MAX_LOOPS in include/linux/bpf.h: iterations the bpf_loop helper allows. */
    public static final int MAX_LOOPS = 8 * 1024 * 1024;
    /** MAX_BPF_FUNC_ARGS: helper arguments. */
    public static final int MAX_HELPER_ARGS = 5;
    /** KMALLOC_MAX_SIZE bound used by map_check_attr for key and value sizes; values above this fail with E2BIG. */
    public static final int MAX_MAP_KEY_SIZE = 512;
    public static final int MAX_MAP_VALUE_SIZE = 1 << 20;
    /** TASK_COMM_LEN in include/linux/sched.h. */
    public static final int COMM_SIZE = 16;
    /** Call depth of bpf-to-bpf calls: MAX_CALL_FRAMES in include/linux/bpf_verifier.h. */
    public static final int MAX_CALL_FRAMES = 8;
    /** BPF_RINGBUF_HDR_SZ in include/uapi/linux/bpf.h: bytes of header before each ring-buffer record. */
    public static final int RINGBUF_HEADER_SIZE = 8;
    /** PERF_MAX_STACK_DEPTH in include/uapi/linux/perf_event.h: frames a stack-trace map value can hold by default. */
    public static final int MAX_STACK_DEPTH = 127;
}

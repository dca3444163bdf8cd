package jtracec.spec.helper;

/** What a helper returns in r0, after the kernel's {@code enum bpf_return_type}. */
public enum ReturnKind {
    INTEGER,
    VOID,
    /** A pointer to the map's value, or 0: must be null-checked before use. */
    MAP_VALUE_OR_NULL,
    /** A ring-buffer reservation of the requested size, or 0; must be submitted or discarded. */
    RINGBUF_MEM_OR_NULL,
    /** A pointer to the current task (a kernel address, a scalar to the program). */
    TASK_POINTER
}

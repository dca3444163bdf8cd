package jtracec.spec.helper;

/** What a helper argument must be, after the kernel's {@code enum bpf_arg_type}. */
public enum ArgKind {
    /** Any initialised scalar. */
    ANYTHING,
    /** A map handle loaded by lddw with a map pseudo source. */
    CONST_MAP_PTR,
    /** Pointer to initialised memory of the map's key size. */
    PTR_TO_MAP_KEY,
    /** Pointer to initialised memory of the map's value size. */
    PTR_TO_MAP_VALUE,
    /** Pointer to readable memory whose size is the next argument (ARG_PTR_TO_MEM | MEM_RDONLY). */
    PTR_TO_MEM,
    /** Pointer to writable memory the helper fills, size in the next argument (ARG_PTR_TO_UNINIT_MEM). */
    PTR_TO_UNINIT_MEM,
    /** Size of the previous memory argument, a known positive constant range. */
    CONST_SIZE,
    /** As CONST_SIZE, but zero is allowed. */
    CONST_SIZE_OR_ZERO,
    /** The program's context pointer (r1 at entry). */
    PTR_TO_CTX,
    /** A ring-buffer reservation returned by bpf_ringbuf_reserve and not yet released. */
    PTR_TO_RINGBUF_RESERVATION,
    /** Pointer to a long the helper writes (ARG_PTR_TO_LONG). */
    PTR_TO_LONG,
    /**
     * A kernel object typed by BTF (ARG_PTR_TO_BTF_ID), as a tracing program's context gives its
     * pointer arguments; the kernel matches the BTF type, the verifier that it is such an argument.
     */
    PTR_TO_BTF_ID
}

package jtracec.spec.interp;

/** What a memory region holds, after the kernel verifier's pointer types (PTR_TO_STACK, PTR_TO_CTX, ...). */
public enum RegionKind {
    STACK, CONTEXT, MAP_HANDLE, MAP_VALUE, RINGBUF_RESERVATION, RAW
}

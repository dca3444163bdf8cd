package jtracec.compiler.codegen;

/**
 * The frame of one program: 8-byte-aligned areas below the frame pointer, handed out in order.
 * Offsets are negative, as eBPF stack accesses are {@code [r10 - n]}.
 */
final class StackLayout {
    private int size;

    /** Reserves {@code bytes} (rounded up to 8) and returns the area's offset from the frame pointer. */
    int allocate(int bytes) {
        size += (bytes + 7) & ~7;
        return -size;
    }

    int size() {
        return size;
    }
}

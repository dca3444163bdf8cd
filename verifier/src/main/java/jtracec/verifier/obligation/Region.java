package jtracec.verifier.obligation;

/** A memory region a pointer may address, with its valid byte offsets [lo, hi). */
public record Region(Kind kind, String name, long lo, long hi) {
    public enum Kind { STACK, CTX, MAP_VALUE, RINGBUF }

    public static Region stack() {
        return new Region(Kind.STACK, "stack", -jtracec.spec.kernel.KernelLimits.STACK_SIZE, 0);
    }

    /** How the region's size reads in a counterexample note. */
    public String sizeNote() {
        return switch (kind) {
            case STACK -> "the stack is fp%d to fp".formatted(lo);
            case CTX -> lo == 0 ? "the context is %d bytes".formatted(hi) : "the readable context is bytes %d to %d".formatted(lo, hi);
            case MAP_VALUE -> "%s value size is %d bytes".formatted(name, hi);
            case RINGBUF -> "the reservation is %d bytes".formatted(hi);
        };
    }

    /** The thing read or written, for messages: "stack", "map @x value", "context", "ring-buffer reservation". */
    public String describe() {
        return switch (kind) {
            case STACK -> "stack";
            case CTX -> "context";
            case MAP_VALUE -> name + " value";
            case RINGBUF -> "ring-buffer reservation";
        };
    }
}

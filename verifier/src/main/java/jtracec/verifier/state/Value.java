package jtracec.verifier.state;

/**
 * What a register or a spilled stack slot holds, after the kernel's {@code enum bpf_reg_type}:
 * a kind plus symbolic terms. Pointer offsets are byte offsets into their region (the stack's are
 * relative to the frame pointer, so in [-512, 0)); a pointer that may be null carries its
 * {@code address}, a term that is 0 exactly when the helper returned null, so a null check is a
 * path condition on it and every copy of the pointer is refined at once.
 */
public sealed interface Value {

    /** Never written on some path reaching here. */
    record Uninit() implements Value {}

    /** A number (never a pointer in disguise: pointers become scalars only through {@link Mixed}). */
    record Scalar(Term value) implements Value {}

    /** The program's context argument, plus an offset. */
    record CtxPointer(Term offset) implements Value {}

    /** The frame pointer r10 plus an offset. */
    record StackPointer(Term offset) implements Value {}

    /** A map loaded by {@code lddw rX, map}: usable only as a helper argument. */
    record MapHandle(int map) implements Value {}

    /** A pointer into the value of map {@code map}; {@code isNullable} until a null check refines it. */
    record MapValuePointer(int map, Term offset, Term address, boolean isNullable) implements Value {}

    /** A ring-buffer reservation of {@code size} bytes made by the reserve call at {@code id}. */
    record ReservationPointer(int id, long size, Term offset, Term address, boolean isNullable) implements Value {}

    /** A pointer on one path and something else on another: unusable. */
    record Mixed() implements Value {}

    Value UNINIT = new Uninit();
    Value MIXED = new Mixed();

    default boolean isPointer() {
        return switch (this) {
            case CtxPointer c -> true;
            case StackPointer s -> true;
            case MapHandle h -> true;
            case MapValuePointer m -> true;
            case ReservationPointer r -> true;
            case Uninit u -> false;
            case Scalar s -> false;
            case Mixed m -> false;
        };
    }

    /** A short description in kernel-verifier terms, for {@code --explain} and messages. */
    default String describe() {
        return switch (this) {
            case Uninit u -> "uninit";
            case Scalar s -> s.value() instanceof Term.Const c ? "scalar " + c.value() : "scalar";
            case CtxPointer c -> "ctx" + offset(c.offset());
            case StackPointer s -> "fp" + offset(s.offset());
            case MapHandle h -> "map#" + h.map();
            case MapValuePointer m -> (m.isNullable() ? "map_value_or_null#" : "map_value#") + m.map() + offset(m.offset());
            case ReservationPointer r -> (r.isNullable() ? "ringbuf_mem_or_null(" : "ringbuf_mem(") + r.size() + ")" + offset(r.offset());
            case Mixed m -> "mixed";
        };
    }

    private static String offset(Term offset) {
        if (offset instanceof Term.Const c) return c.value() == 0 ? "" : c.value() < 0 ? "" + c.value() : "+" + c.value();
        return "+var";
    }
}

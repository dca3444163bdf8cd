package jtracec.compiler.sema;

import jtracec.spec.diag.Code;

/** Diagnostic codes of semantic analysis (E02xx; W02xx are warnings). */
public enum SemaCode implements Code {
    UNKNOWN_PROBE_TYPE("E0201"),
    UNKNOWN_TRACEPOINT("E0202"),
    UNDEFINED_VARIABLE("E0203"),
    /** A map is read (or printed, cleared, deleted from) but never written. */
    UNDEFINED_MAP("E0204"),
    MAP_TYPE_MISMATCH("E0205"),
    VARIABLE_TYPE_MISMATCH("E0206"),
    UNKNOWN_FUNCTION("E0207"),
    ARGUMENT_COUNT("E0208"),
    ARGUMENT_TYPE("E0209"),
    /** count(), hist(), ... anywhere but as the whole right side of a map assignment. */
    AGGREGATE_OUTSIDE_MAP("E0210"),
    PRINTF_FORMAT("E0211"),
    UNSAFE_FUNCTION("E0212"),
    UNKNOWN_IDENTIFIER("E0213"),
    BUILTIN_NOT_AVAILABLE("E0214"),
    UNKNOWN_FIELD("E0215"),
    INVALID_OPERANDS("E0216"),
    NOT_A_CONSTANT("E0217"),
    LOOP_CONTROL_OUTSIDE_LOOP("E0218"),
    UNROLL_COUNT_RANGE("E0219"),
    INVALID_ATTACH_POINT("E0220"),
    FILE_NOT_FOUND("E0221"),
    UNKNOWN_KERNEL_FUNCTION("W0222"),
    NOT_A_STRUCT("E0223"),
    UNKNOWN_STRUCT("E0224"),
    INVALID_ASSIGNMENT("E0225"),
    UNSUPPORTED("E0227"),
    TUPLE_INDEX_OUT_OF_RANGE("E0228"),
    CALL_NOT_AVAILABLE("E0229"),
    MAP_KEY_COUNT("E0230"),
    NOT_A_MAP("E0231"),
    UNKNOWN_TYPE("E0232"),
    /** A field of {@code args} with different types in the tracepoints one probe attaches to. */
    ARGS_FIELD_MISMATCH("E0234"),
    /** A name resolved at compile time that this machine does not have: kaddr's symbol, uaddr's, cgroupid's path. */
    UNRESOLVED_NAME("E0241"),
    /** A constant zero divisor: BPF division gives 0 (RFC 9669), so bpftrace accepts it, but it is surely a mistake. */
    DIVISION_BY_ZERO("W0233");

    private final String id;

    SemaCode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}

package jtracec.compiler.syntax;

import jtracec.spec.diag.Code;

/** Diagnostic codes of preprocessing, lexing and parsing (E01xx). */
public enum SyntaxCode implements Code {
    /** The parser met a token it cannot use here. */
    UNEXPECTED_TOKEN("E0101"),
    INVALID_CHARACTER("E0102"),
    UNTERMINATED_STRING("E0103"),
    UNTERMINATED_COMMENT("E0104"),
    INTEGER_TOO_LARGE("E0105"),
    INVALID_ESCAPE("E0106"),
    /** {@code ++}/{@code --} applied to something other than a scratch variable or a map. */
    INVALID_INCREMENT_TARGET("E0107"),
    INVALID_ARRAY_LENGTH("E0108"),
    /** bpftrace requires at least one probe. */
    NO_PROBES("E0109"),
    UNKNOWN_DIRECTIVE("E0110"),
    UNTERMINATED_CONDITIONAL("E0111"),
    UNMATCHED_CONDITIONAL("E0112"),
    MACRO_ARGUMENT_COUNT("E0113"),
    UNTERMINATED_MACRO_CALL("E0114"),
    MALFORMED_DIRECTIVE("E0115"),
    /** {@code #error text}: the script stops itself. */
    ERROR_DIRECTIVE("E0116"),
    /** {@code #warning text}. */
    WARNING_DIRECTIVE("W0117");

    private final String id;

    SyntaxCode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}

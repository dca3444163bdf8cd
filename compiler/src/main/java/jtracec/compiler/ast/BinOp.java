package jtracec.compiler.ast;

/** Binary operators, with their bpftrace spelling. {@code &&} and {@code ||} short-circuit. */
public enum BinOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
    BIT_AND("&"), BIT_OR("|"), BIT_XOR("^"), SHL("<<"), SHR(">>"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    LOGICAL_AND("&&"), LOGICAL_OR("||");

    private final String symbol;

    BinOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    public boolean isLogical() {
        return this == LOGICAL_AND || this == LOGICAL_OR;
    }
}

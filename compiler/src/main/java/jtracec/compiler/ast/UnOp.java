package jtracec.compiler.ast;

/** Prefix operators. {@code DEREF} is {@code *p}, {@code ADDRESS_OF} is {@code &x}. */
public enum UnOp {
    NEG("-"), LOGICAL_NOT("!"), BIT_NOT("~"), DEREF("*"), ADDRESS_OF("&");

    private final String symbol;

    UnOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}

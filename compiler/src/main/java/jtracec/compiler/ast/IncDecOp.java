package jtracec.compiler.ast;

public enum IncDecOp {
    PRE_INCREMENT, POST_INCREMENT, PRE_DECREMENT, POST_DECREMENT;

    public boolean isIncrement() {
        return this == PRE_INCREMENT || this == POST_INCREMENT;
    }

    public boolean isPrefix() {
        return this == PRE_INCREMENT || this == PRE_DECREMENT;
    }
}

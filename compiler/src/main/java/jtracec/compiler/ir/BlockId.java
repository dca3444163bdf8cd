package jtracec.compiler.ir;

public record BlockId(int index) {
    @Override
    public String toString() {
        return "b" + index;
    }
}

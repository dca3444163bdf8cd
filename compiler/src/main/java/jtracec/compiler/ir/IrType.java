package jtracec.compiler.ir;

/**
 * What an SSA value holds, as far as codegen and the kernel's verifier care: a 64-bit scalar, the
 * probe context, a pointer into the program's stack frame, or a map value pointer that may be null
 * until a comparison with zero has been taken.
 */
public enum IrType {
    I64("i64"), CTX("ctx"), STACK("stack"), MAP_VALUE("mapval");

    private final String spelling;

    IrType(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public boolean isPointer() {
        return this != I64;
    }

    public static IrType parse(String text) {
        for (IrType type : values()) {
            if (type.spelling.equals(text)) return type;
        }
        throw new IllegalArgumentException("unknown ir type " + text);
    }
}

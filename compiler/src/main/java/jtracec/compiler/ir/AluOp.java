package jtracec.compiler.ir;

/**
 * 64-bit arithmetic. Division and modulo are unsigned with the eBPF meaning of a zero divisor
 * (RFC 9669 §4.1: x / 0 = 0, x % 0 = x), which is what bpftrace 0.17 scripts observe.
 */
public enum AluOp {
    ADD("add"), SUB("sub"), MUL("mul"), UDIV("udiv"), UMOD("umod"), AND("and"), OR("or"), XOR("xor"),
    SHL("shl"), LSHR("lshr"), ASHR("ashr");

    private final String spelling;

    AluOp(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** The result for constant operands, bit for bit what the eBPF instruction computes. */
    public long apply(long lhs, long rhs) {
        return switch (this) {
            case ADD -> lhs + rhs;
            case SUB -> lhs - rhs;
            case MUL -> lhs * rhs;
            case UDIV -> rhs == 0 ? 0 : Long.divideUnsigned(lhs, rhs);
            case UMOD -> rhs == 0 ? lhs : Long.remainderUnsigned(lhs, rhs);
            case AND -> lhs & rhs;
            case OR -> lhs | rhs;
            case XOR -> lhs ^ rhs;
            case SHL -> lhs << (rhs & 63);
            case LSHR -> lhs >>> (rhs & 63);
            case ASHR -> lhs >> (rhs & 63);
        };
    }

    public static AluOp parse(String text) {
        for (AluOp op : values()) {
            if (op.spelling.equals(text)) return op;
        }
        throw new IllegalArgumentException("unknown alu op " + text);
    }
}

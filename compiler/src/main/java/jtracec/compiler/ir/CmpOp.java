package jtracec.compiler.ir;

/** 64-bit comparisons giving 0 or 1; signedness is part of the operator, as in eBPF jumps. */
public enum CmpOp {
    EQ("eq"), NE("ne"), ULT("ult"), ULE("ule"), UGT("ugt"), UGE("uge"), SLT("slt"), SLE("sle"), SGT("sgt"), SGE("sge");

    private final String spelling;

    CmpOp(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** The operator that holds for {@code rhs op lhs} exactly when this one holds for {@code lhs op rhs}. */
    public CmpOp swapped() {
        return switch (this) {
            case EQ, NE -> this;
            case ULT -> UGT;
            case ULE -> UGE;
            case UGT -> ULT;
            case UGE -> ULE;
            case SLT -> SGT;
            case SLE -> SGE;
            case SGT -> SLT;
            case SGE -> SLE;
        };
    }

    public boolean test(long lhs, long rhs) {
        return switch (this) {
            case EQ -> lhs == rhs;
            case NE -> lhs != rhs;
            case ULT -> Long.compareUnsigned(lhs, rhs) < 0;
            case ULE -> Long.compareUnsigned(lhs, rhs) <= 0;
            case UGT -> Long.compareUnsigned(lhs, rhs) > 0;
            case UGE -> Long.compareUnsigned(lhs, rhs) >= 0;
            case SLT -> lhs < rhs;
            case SLE -> lhs <= rhs;
            case SGT -> lhs > rhs;
            case SGE -> lhs >= rhs;
        };
    }

    /** The operator that holds exactly when this one does not. */
    public CmpOp negate() {
        return switch (this) {
            case EQ -> NE;
            case NE -> EQ;
            case ULT -> UGE;
            case ULE -> UGT;
            case UGT -> ULE;
            case UGE -> ULT;
            case SLT -> SGE;
            case SLE -> SGT;
            case SGT -> SLE;
            case SGE -> SLT;
        };
    }

    public static CmpOp parse(String text) {
        for (CmpOp op : values()) {
            if (op.spelling.equals(text)) return op;
        }
        throw new IllegalArgumentException("unknown comparison " + text);
    }
}

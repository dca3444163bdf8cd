package jtracec.compiler.opt;

import java.util.Optional;
import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.CmpOp;

/**
 * The values a 64-bit IR value can take, as an interval {@code [low, high]} of the bits read as
 * unsigned (bounds compared with {@link Long#compareUnsigned}). Every operation over-approximates:
 * when an exact interval would not be contiguous (a sum that may wrap, a shift that may push bits
 * out), the result is {@link #FULL}. The signed view exists only when the interval does not cross
 * 2^63, where the unsigned and signed orders agree.
 */
record UnsignedRange(long low, long high) {
    static final UnsignedRange FULL = new UnsignedRange(0, -1);

    /** A 32-bit helper result (bpf_get_prandom_u32, bpf_get_smp_processor_id), zero-extended. */
    static final UnsignedRange U32 = new UnsignedRange(0, 0xffff_ffffL);

    UnsignedRange {
        if (Long.compareUnsigned(low, high) > 0) throw new IllegalArgumentException("bug: empty range " + low + ".." + high);
    }

    static UnsignedRange of(long constant) {
        return new UnsignedRange(constant, constant);
    }

    /** What a zero-extending load of {@code width} bytes yields. */
    static UnsignedRange zeroExtended(int width) {
        return width >= 8 ? FULL : new UnsignedRange(0, (1L << (8 * width)) - 1);
    }

    boolean isConstant() {
        return low == high;
    }

    UnsignedRange union(UnsignedRange other) {
        return new UnsignedRange(minU(low, other.low), maxU(high, other.high));
    }

    /** The common part, or empty when there is none (the code where both hold cannot run). */
    Optional<UnsignedRange> intersect(UnsignedRange other) {
        long l = maxU(low, other.low);
        long h = minU(high, other.high);
        return Long.compareUnsigned(l, h) <= 0 ? Optional.of(new UnsignedRange(l, h)) : Optional.empty();
    }

    /** True when no value has bit 63 set, or every value has: then signed order is unsigned order. */
    private boolean hasOneSign() {
        return (low < 0) == (high < 0);
    }

    /** {@code lhs op rhs} when it is the same for every pair of values in the two ranges. */
    static Optional<Boolean> decide(CmpOp op, UnsignedRange lhs, UnsignedRange rhs) {
        return switch (op) {
            case EQ -> lhs.isConstant() && rhs.isConstant() && lhs.low == rhs.low ? Optional.of(true)
                    : lhs.intersect(rhs).isEmpty() ? Optional.of(false) : Optional.empty();
            case NE -> decide(CmpOp.EQ, lhs, rhs).map(b -> !b);
            case ULT -> ordered(Long.compareUnsigned(lhs.high, rhs.low) < 0, Long.compareUnsigned(lhs.low, rhs.high) >= 0);
            case ULE -> ordered(Long.compareUnsigned(lhs.high, rhs.low) <= 0, Long.compareUnsigned(lhs.low, rhs.high) > 0);
            case UGT -> decide(CmpOp.ULT, rhs, lhs);
            case UGE -> decide(CmpOp.ULE, rhs, lhs);
            case SLT, SLE -> {
                if (!lhs.hasOneSign() || !rhs.hasOneSign()) yield Optional.empty();
                yield op == CmpOp.SLT ? ordered(lhs.high < rhs.low, lhs.low >= rhs.high) : ordered(lhs.high <= rhs.low, lhs.low > rhs.high);
            }
            case SGT -> decide(CmpOp.SLT, rhs, lhs);
            case SGE -> decide(CmpOp.SLE, rhs, lhs);
        };
    }

    private static Optional<Boolean> ordered(boolean always, boolean never) {
        return always ? Optional.of(true) : never ? Optional.of(false) : Optional.empty();
    }

    /**
     * This range cut down to the values for which {@code this op constant} holds, or empty when
     * none does. Signed comparisons narrow only where signed order is unsigned order.
     */
    Optional<UnsignedRange> where(CmpOp op, long constant) {
        return switch (op) {
            case EQ -> intersect(of(constant));
            case NE -> low == constant && high == constant ? Optional.empty()
                    : low == constant ? Optional.of(new UnsignedRange(low + 1, high))
                    : high == constant ? Optional.of(new UnsignedRange(low, high - 1)) : Optional.of(this);
            case ULT -> constant == 0 ? Optional.empty() : intersect(new UnsignedRange(0, constant - 1));
            case ULE -> intersect(new UnsignedRange(0, constant));
            case UGT -> constant == -1 ? Optional.empty() : intersect(new UnsignedRange(constant + 1, -1));
            case UGE -> intersect(new UnsignedRange(constant, -1));
            // x s>= c with c >= 0: x is in [c, 2^63 - 1]; below, only ranges already non-negative narrow
            case SGE -> constant >= 0 ? intersect(new UnsignedRange(constant, Long.MAX_VALUE)) : Optional.of(this);
            case SGT -> constant == Long.MAX_VALUE ? Optional.empty() : constant >= 0 ? intersect(new UnsignedRange(constant + 1, Long.MAX_VALUE)) : Optional.of(this);
            case SLT -> high >= 0 ? (constant <= 0 ? Optional.empty() : intersect(new UnsignedRange(0, constant - 1))) : Optional.of(this);
            case SLE -> high >= 0 ? (constant < 0 ? Optional.empty() : intersect(new UnsignedRange(0, constant))) : Optional.of(this);
        };
    }

    /** The range of {@code lhs op rhs}, bit for bit as {@link AluOp#apply} computes each value. */
    static UnsignedRange apply(AluOp op, UnsignedRange a, UnsignedRange b) {
        if (a.isConstant() && b.isConstant()) return of(op.apply(a.low, b.low));
        return switch (op) {
            case ADD -> Long.compareUnsigned(a.high + b.high, a.high) < 0 ? FULL : new UnsignedRange(a.low + b.low, a.high + b.high);
            case SUB -> Long.compareUnsigned(a.low, b.high) >= 0 ? new UnsignedRange(a.low - b.high, a.high - b.low) : FULL;
            case MUL -> Math.unsignedMultiplyHigh(a.high, b.high) != 0 ? FULL : new UnsignedRange(a.low * b.low, a.high * b.high);
            // x / 0 = 0 and x / y <= x; with a non-zero divisor the quotient is monotone in both operands
            case UDIV -> b.low == 0 ? new UnsignedRange(0, a.high)
                    : new UnsignedRange(Long.divideUnsigned(a.low, b.high), Long.divideUnsigned(a.high, b.low));
            // x % 0 = x and x % y <= x; with y >= 1, x % y < y
            case UMOD -> b.low == 0 ? new UnsignedRange(0, a.high) : new UnsignedRange(0, minU(a.high, b.high - 1));
            case AND -> new UnsignedRange(0, minU(a.high, b.high));
            case OR, XOR -> new UnsignedRange(0, allOnesUpTo(maxU(a.high, b.high)));
            case SHL -> b.isConstant() && Long.compareUnsigned(b.low, 63) <= 0 && (a.high << b.low) >>> b.low == a.high
                    ? new UnsignedRange(a.low << b.low, a.high << b.low) : FULL;
            case LSHR -> Long.compareUnsigned(b.high, 63) <= 0 ? new UnsignedRange(a.low >>> b.high, a.high >>> b.low) : new UnsignedRange(0, a.high);
            case ASHR -> a.high >= 0 ? apply(AluOp.LSHR, a, b) : FULL;
        };
    }

    /** The smallest 2^k - 1 at or above {@code v}: every bit a value up to v can have. */
    static long allOnesUpTo(long v) {
        return v == 0 ? 0 : -1L >>> Long.numberOfLeadingZeros(v);
    }

    private static long minU(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long maxU(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
}

package jtracec.verifier.state;

/**
 * A symbolic 64-bit value, independent of any solver: {@code verifier.smt} encodes it into Z3
 * bitvectors. Terms are immutable DAGs shared between states; the smart constructors fold
 * constants, so straight-line arithmetic on known values never reaches the solver. Folding
 * follows RFC 9669 §4.1 exactly (shift amounts masked, division by zero gives 0, modulo by zero
 * leaves the dividend), and {@link #evaluate} is the same semantics the encoder gives Z3.
 */
public sealed interface Term {

    /** A known value. */
    record Const(long value) implements Term {}

    /** An unconstrained input (a context load, a helper result, a join of differing values). */
    record Var(int id, String name) implements Term {}

    /** {@code op} on the low {@code width} bits of both operands, zero-extended to 64 bits. */
    record Binary(BinOp op, Width width, Term left, Term right) implements Term {
        // identity, not structure: terms are DAGs whose tree size can be exponential, and an
        // unequal-but-same term only costs a join variable
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** The low {@code bits} bits of {@code operand}, sign- or zero-extended to 64 bits. */
    record Extend(int bits, Extension extension, Term operand) implements Term {
        public Extend {
            if (bits <= 0 || bits >= 64) throw new IllegalArgumentException("bug: extend from " + bits + " bits");
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** {@code then} where {@code condition} holds, else {@code otherwise}: the join of two complementary branches. */
    record Ite(Formula condition, Term then, Term otherwise) implements Term {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    enum Width {
        W32, W64;

        public int bits() {
            return this == W32 ? 32 : 64;
        }
    }

    enum Extension { ZERO, SIGN }

    enum BinOp { ADD, SUB, MUL, UDIV, UMOD, SDIV, SMOD, OR, AND, XOR, LSH, RSH, ARSH }

    Const ZERO = new Const(0);

    static Term constant(long value) {
        return value == 0 ? ZERO : new Const(value);
    }

    default boolean isConstant() {
        return this instanceof Const;
    }

    static Term binary(BinOp op, Width width, Term left, Term right) {
        if (left instanceof Const a && right instanceof Const b) {
            return constant(fold(op, width, a.value(), b.value()));
        }
        if (width == Width.W64 && right instanceof Const b && b.value() == 0
                && (op == BinOp.ADD || op == BinOp.SUB || op == BinOp.OR || op == BinOp.XOR
                        || op == BinOp.LSH || op == BinOp.RSH || op == BinOp.ARSH)) {
            return left;
        }
        if (width == Width.W64 && op == BinOp.ADD && left instanceof Const a && a.value() == 0) {
            return right;
        }
        // (x + c1) + c2 = x + (c1 + c2): keeps pointer offsets flat
        if (width == Width.W64 && (op == BinOp.ADD || op == BinOp.SUB) && right instanceof Const c2
                && left instanceof Binary inner && inner.width() == Width.W64 && inner.op() == BinOp.ADD
                && inner.right() instanceof Const c1) {
            long sum = op == BinOp.ADD ? c1.value() + c2.value() : c1.value() - c2.value();
            return binary(BinOp.ADD, Width.W64, inner.left(), constant(sum));
        }
        if (width == Width.W64 && op == BinOp.SUB && right instanceof Const c) {
            return binary(BinOp.ADD, Width.W64, left, constant(-c.value()));
        }
        return new Binary(op, width, left, right);
    }

    static Term ite(Formula condition, Term then, Term otherwise) {
        if (condition.isTrue() || then.equals(otherwise)) return then;
        if (condition.isFalse()) return otherwise;
        return new Ite(condition, then, otherwise);
    }

    static Term add(Term left, Term right) {
        return binary(BinOp.ADD, Width.W64, left, right);
    }

    static Term add(Term left, long right) {
        return add(left, constant(right));
    }

    static Term sub(Term left, Term right) {
        return binary(BinOp.SUB, Width.W64, left, right);
    }

    static Term extend(int bits, Extension extension, Term operand) {
        if (operand instanceof Const c) return constant(extendValue(bits, extension, c.value()));
        return new Extend(bits, extension, operand);
    }

    /** Zero-extends the low {@code bits} bits: the value of a narrow load. */
    static Term zeroExtend(int bits, Term operand) {
        return bits >= 64 ? operand : extend(bits, Extension.ZERO, operand);
    }

    static long extendValue(int bits, Extension extension, long value) {
        int shift = 64 - bits;
        return extension == Extension.ZERO ? (value << shift) >>> shift : (value << shift) >> shift;
    }

    /** RFC 9669 §4.1 semantics of {@code op} at {@code width}. */
    static long fold(BinOp op, Width width, long a, long b) {
        if (width == Width.W32) {
            int x = (int) a, y = (int) b;
            int r = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case UDIV -> y == 0 ? 0 : Integer.divideUnsigned(x, y);
                case UMOD -> y == 0 ? x : Integer.remainderUnsigned(x, y);
                case SDIV -> y == 0 ? 0 : (x == Integer.MIN_VALUE && y == -1 ? x : x / y);
                case SMOD -> y == 0 ? x : (y == -1 ? 0 : x % y);
                case OR -> x | y;
                case AND -> x & y;
                case XOR -> x ^ y;
                case LSH -> x << (y & 31);
                case RSH -> x >>> (y & 31);
                case ARSH -> x >> (y & 31);
            };
            return Integer.toUnsignedLong(r);
        }
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case UDIV -> b == 0 ? 0 : Long.divideUnsigned(a, b);
            case UMOD -> b == 0 ? a : Long.remainderUnsigned(a, b);
            case SDIV -> b == 0 ? 0 : (a == Long.MIN_VALUE && b == -1 ? a : a / b);
            case SMOD -> b == 0 ? a : (b == -1 ? 0 : a % b);
            case OR -> a | b;
            case AND -> a & b;
            case XOR -> a ^ b;
            case LSH -> a << (b & 63);
            case RSH -> a >>> (b & 63);
            case ARSH -> a >> (b & 63);
        };
    }
}

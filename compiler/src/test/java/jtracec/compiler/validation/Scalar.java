package jtracec.compiler.validation;

/**
 * A script value as user space sees it: an integer as its 64 bits (bpftrace widens every integer
 * it stores or sends to 8 bytes), or a string up to its terminator.
 */
sealed interface Scalar {
    record Int(long bits) implements Scalar {
        @Override
        public String toString() {
            return Long.toString(bits);
        }
    }

    record Str(String text) implements Scalar {
        @Override
        public String toString() {
            return '"' + text + '"';
        }
    }

    static Scalar of(long bits) {
        return new Int(bits);
    }

    static Scalar of(String text) {
        return new Str(text);
    }
}

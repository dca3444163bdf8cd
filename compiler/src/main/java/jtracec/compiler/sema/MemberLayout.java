package jtracec.compiler.sema;

/**
 * Where a struct member lies, as lowering reads it: {@code offset} bytes from the start of the
 * struct. A bitfield ({@code bitWidth > 0}) is read as the {@code loadSize} bytes at
 * {@code offset}, shifted right by {@code bitShift} and masked to {@code bitWidth} bits
 * (little-endian, as x86-64 and BTF's bit offsets count).
 */
public record MemberLayout(int offset, int bitShift, int bitWidth, int loadSize) {
    public static MemberLayout whole(int offset) {
        return new MemberLayout(offset, 0, 0, 0);
    }

    public boolean isBitfield() {
        return bitWidth > 0;
    }
}

package jtracec.compiler.lower;

import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.Value;
import jtracec.spec.helper.HelperId;
import jtracec.spec.source.SourceSpan;

/**
 * Lowers bpftrace 0.17's address functions (codegen_llvm.cpp): {@code ntop} into its 24-byte inet
 * value (the family as a u64, then 16 address bytes, zero past the address), {@code macaddr} into
 * six bytes, {@code pton} into constant bytes, and {@code bswap} at the argument's width. Every
 * byte of a value it writes is initialised, so values compare and hash byte for byte as map keys.
 */
final class AddressFunctions {
    static final long AF_INET = 2;
    static final long AF_INET6 = 10;
    static final int INET_SIZE = 24;
    static final int MAC_SIZE = 6;

    /**
     * Where bytes an address function takes lie: in kernel or user memory (read by a helper), or
     * where the program may load them directly (its stack, a tracepoint's context).
     */
    sealed interface Bytes {
        record InMemory(Value address, HelperId read) implements Bytes {}
        record Loadable(Value base, int offset) implements Bytes {}
    }

    private final FunctionBuilder fb;

    AddressFunctions(FunctionBuilder fb) {
        this.fb = fb;
    }

    /** ntop(family, integer): the low 32 bits of the integer as stored in memory (bpftrace's CreateIntCast to i32). */
    void inet(Value base, int offset, Value family, Value address, SourceSpan span) {
        fb.store(base, offset, family, 8, span);
        fb.zero(base, offset + 8, 16, span);
        fb.store(base, offset + 8, address, 4, span);
    }

    /** ntop(family, array): {@code size} (4 or 16) address bytes. */
    void inet(Value base, int offset, Value family, Bytes address, int size, SourceSpan span) {
        fb.store(base, offset, family, 8, span);
        fb.zero(base, offset + 8, 16, span);
        copy(address, base, offset + 8, size, span);
    }

    /** macaddr(x): six bytes, then two zero bytes to the 8-byte boundary the value occupies. */
    void mac(Value base, int offset, Bytes source, SourceSpan span) {
        fb.zero(base, offset, MapLayout.align8(MAC_SIZE), span);
        copy(source, base, offset, MAC_SIZE, span);
    }

    /** pton("addr"): the address bytes, known at compile time, in a stack buffer. */
    Value constantBytes(byte[] bytes, SourceSpan span) {
        Value buffer = fb.slot(bytes.length, span);
        int full = MapLayout.align8(bytes.length);
        for (int i = 0; i < full; i += 8) {
            long chunk = 0;
            for (int j = 7; j >= 0; j--) chunk = (chunk << 8) | (i + j < bytes.length ? bytes[i + j] & 0xff : 0);
            fb.store(buffer, i, fb.constant(chunk, span), 8, span);
        }
        return buffer;
    }

    /**
     * bswap(n) for an n of {@code width} bytes (LLVM's llvm.bswap at that width, as bpftrace 0.17
     * emits it, typed unsigned at that width): the value is cut to its width, then halves are
     * exchanged within 2-, 4- and 8-byte groups, so the result is zero above the width.
     */
    Value bswap(Value value, int width, SourceSpan span) {
        int bits = 8 * width;
        Value x = bits == 64 ? value : fb.alu(AluOp.AND, value, fb.constant((1L << bits) - 1, span), span);
        for (int shift = 8; shift < bits; shift *= 2) {
            Value mask = fb.constant(alternatingMask(shift, bits), span);
            Value low = fb.alu(AluOp.SHL, fb.alu(AluOp.AND, x, mask, span), fb.constant(shift, span), span);
            Value high = fb.alu(AluOp.AND, fb.alu(AluOp.LSHR, x, fb.constant(shift, span), span), mask, span);
            x = fb.alu(AluOp.OR, low, high, span);
        }
        return x;
    }

    /** Groups of {@code shift} one bits and {@code shift} zero bits, from bit 0 up to {@code bits}: 0x00ff00ff for (8, 32). */
    static long alternatingMask(int shift, int bits) {
        long mask = 0;
        long group = shift == 64 ? -1L : (1L << shift) - 1;
        for (int at = 0; at < bits; at += 2 * shift) mask |= group << at;
        return mask;
    }

    private void copy(Bytes source, Value base, int offset, int size, SourceSpan span) {
        switch (source) {
            case Bytes.InMemory memory -> fb.call(memory.read(), span, fb.offset(base, offset, span), fb.constant(size, span), memory.address());
            case Bytes.Loadable loadable -> fb.copy(loadable.base(), loadable.offset(), base, offset, size, span);
        }
    }
}

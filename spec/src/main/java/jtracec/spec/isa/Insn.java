package jtracec.spec.isa;

/**
 * One 64-bit instruction slot, as the kernel sees it (RFC 9669 §3): 8-bit opcode, 4-bit dst and
 * src registers, signed 16-bit offset, signed 32-bit immediate. A 64-bit immediate load
 * ({@code lddw}) occupies two slots: the second has opcode 0 and carries the upper 32 bits in
 * {@code imm}, so program counters here equal the kernel's.
 */
public record Insn(int opcode, int dst, int src, int offset, int imm) {
    public Insn {
        if ((opcode & ~0xff) != 0 || (dst & ~0xf) != 0 || (src & ~0xf) != 0
                || offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("bug: field out of range in " + opcode + "/" + dst + "/" + src + "/" + offset);
        }
    }

    public int opClass() {
        return opcode & 0x07;
    }

    /** True for the first slot of a two-slot 64-bit immediate load. */
    public boolean isWide() {
        return opcode == (Opcodes.LD | Opcodes.DW | Opcodes.IMM);
    }
}

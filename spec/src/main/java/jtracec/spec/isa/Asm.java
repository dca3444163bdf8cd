package jtracec.spec.isa;

import static jtracec.spec.isa.Opcodes.*;

import java.util.List;

/** Constructors for instructions, so emitters read like assembly. */
public final class Asm {
    private Asm() {}

    public static Insn mov64(int dst, int src) { return new Insn(ALU64 | MOV | X, dst, src, 0, 0); }
    public static Insn mov64(int dst, long imm32) { return new Insn(ALU64 | MOV | K, dst, 0, 0, (int) imm32); }
    public static Insn alu64(int op, int dst, int src) { return new Insn(ALU64 | op | X, dst, src, 0, 0); }
    public static Insn alu64Imm(int op, int dst, int imm) { return new Insn(ALU64 | op | K, dst, 0, 0, imm); }
    public static Insn load(int size, int dst, int base, int offset) { return new Insn(LDX | MEM | size, dst, base, offset, 0); }
    public static Insn store(int size, int base, int offset, int src) { return new Insn(STX | MEM | size, base, src, offset, 0); }
    public static Insn storeImm(int size, int base, int offset, int imm) { return new Insn(ST | MEM | size, base, 0, offset, imm); }
    public static Insn jump(int op, int dst, int src, int offset) { return new Insn(JMP | op | X, dst, src, offset, 0); }
    public static Insn jumpImm(int op, int dst, int imm, int offset) { return new Insn(JMP | op | K, dst, 0, offset, imm); }
    public static Insn ja(int offset) { return new Insn(JMP | JA, 0, 0, offset, 0); }
    /** {@code lock *(u64 *)(base + offset) += src}: an atomic add without fetch. */
    public static Insn atomicAdd64(int base, int offset, int src) { return new Insn(STX | ATOMIC | DW, base, src, offset, ATOMIC_ADD); }
    public static Insn call(int helperId) { return new Insn(JMP | CALL, 0, 0, 0, helperId); }
    public static Insn exit() { return new Insn(JMP | EXIT, 0, 0, 0, 0); }

    /** The two slots of {@code lddw dst, imm64}. */
    public static List<Insn> lddw(int dst, long imm64) {
        return List.of(new Insn(LD | DW | IMM, dst, 0, 0, (int) imm64), new Insn(0, 0, 0, 0, (int) (imm64 >>> 32)));
    }

    /** The two slots of {@code lddw dst, map}: map is the index into the object's map list until the loader relocates it to an fd. */
    public static List<Insn> loadMap(int dst, int mapIndex) {
        return List.of(new Insn(LD | DW | IMM, dst, PSEUDO_MAP_FD, 0, mapIndex), new Insn(0, 0, 0, 0, 0));
    }

    /**
     * The two slots of {@code lddw dst, map_value(map) + offset} (BPF_PSEUDO_MAP_VALUE): the address
     * of byte {@code offset} of a one-element array's value; map is an index until the loader relocates it.
     */
    public static List<Insn> loadMapValue(int dst, int mapIndex, int offset) {
        return List.of(new Insn(LD | DW | IMM, dst, PSEUDO_MAP_VALUE, 0, mapIndex), new Insn(0, 0, 0, 0, offset));
    }
}

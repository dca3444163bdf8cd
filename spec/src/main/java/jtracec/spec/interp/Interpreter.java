package jtracec.spec.interp;

import static jtracec.spec.interp.InternalOp.*;

import jtracec.spec.kernel.KernelLimits;

/**
 * The reference semantics of eBPF: runs an {@link Executable} exactly as RFC 9669 §4–§5 define
 * each instruction, against a {@link Memory} whose every access is bounds-checked. Whatever the
 * program does, {@link #run} returns an {@link Outcome}; faults are values, never exceptions.
 *
 * <p>Each frame (the program's and each local call's) has its own 512-byte stack region and r10
 * pointing at its end; a local call saves r6–r9 and r10 and restores them on exit (§4.3.2).
 * Helpers leave r1–r5 as they were: the verifier forbids reading them, so their value after a
 * call is not observable in a verified program.
 */
public final class Interpreter {
    private static final long LOW32 = 0xffff_ffffL;
    private static final int FRAMES = KernelLimits.MAX_CALL_FRAMES;
    private static final int STACK = KernelLimits.STACK_SIZE;

    private final HelperEnvironment environment;
    private final Memory memory;
    private final long stepBudget;
    private final int[] stackRegion = new int[FRAMES];
    private final byte[][] stack = new byte[FRAMES][];
    private int deepestUsed = FRAMES - 1;

    public Interpreter(HelperEnvironment environment, Memory memory, long stepBudget) {
        this.environment = environment;
        this.memory = memory;
        this.stepBudget = stepBudget;
        for (int frame = 0; frame < FRAMES; frame++) {
            stack[frame] = new byte[STACK];
            stackRegion[frame] = memory.add(stack[frame], 0, STACK, RegionKind.STACK, Memory.Access.READ_WRITE, frame);
        }
    }

    public Memory memory() {
        return memory;
    }

    /** Runs from pc 0 with r1 and r2 set (context and, for the conformance suite, its length); stacks start zeroed. */
    public Outcome run(Executable program, long r1, long r2) {
        for (int frame = 0; frame <= deepestUsed; frame++) java.util.Arrays.fill(stack[frame], (byte) 0);
        deepestUsed = 0;
        final int[] code = program.code;
        final int[] offsets = program.offset;
        final long[] operands = program.operand;
        final long[] r = new long[16];
        final int[] returnPc = new int[FRAMES];
        final long[] saved = new long[FRAMES * 5];
        final Memory m = memory;
        r[1] = r1;
        r[2] = r2;
        r[10] = Memory.pointer(stackRegion[0], STACK);
        int depth = 0;
        int pc = 0;
        long steps = stepBudget;
        for (;;) {
            if (--steps < 0) return new Outcome.StepLimit(pc, stepBudget);
            final int word = code[pc];
            final int dst = (word >>> 12) & 15;
            final int src = (word >>> 16) & 15;
            switch (word & 0xfff) {
                // ALU64, immediate operand sign-extended to 64 bits (§4.1)
                case 0x07 -> { r[dst] += operands[pc]; pc++; }
                case 0x17 -> { r[dst] -= operands[pc]; pc++; }
                case 0x27 -> { r[dst] *= operands[pc]; pc++; }
                case 0x37 -> { r[dst] = div64(r[dst], operands[pc]); pc++; }
                case 0x47 -> { r[dst] |= operands[pc]; pc++; }
                case 0x57 -> { r[dst] &= operands[pc]; pc++; }
                case 0x67 -> { r[dst] <<= operands[pc]; pc++; }  // Java masks long shift counts to 6 bits, as §4.1 does
                case 0x77 -> { r[dst] >>>= operands[pc]; pc++; }
                case 0x87 -> { r[dst] = -r[dst]; pc++; }
                case 0x97 -> { r[dst] = mod64(r[dst], operands[pc]); pc++; }
                case 0xa7 -> { r[dst] ^= operands[pc]; pc++; }
                case 0xb7 -> { r[dst] = operands[pc]; pc++; }
                case 0xc7 -> { r[dst] >>= operands[pc]; pc++; }
                case SDIV64_K -> { r[dst] = sdiv64(r[dst], operands[pc]); pc++; }
                case SMOD64_K -> { r[dst] = smod64(r[dst], operands[pc]); pc++; }
                // ALU64, register operand
                case 0x0f -> { r[dst] += r[src]; pc++; }
                case 0x1f -> { r[dst] -= r[src]; pc++; }
                case 0x2f -> { r[dst] *= r[src]; pc++; }
                case 0x3f -> { r[dst] = div64(r[dst], r[src]); pc++; }
                case 0x4f -> { r[dst] |= r[src]; pc++; }
                case 0x5f -> { r[dst] &= r[src]; pc++; }
                case 0x6f -> { r[dst] <<= r[src]; pc++; }
                case 0x7f -> { r[dst] >>>= r[src]; pc++; }
                case 0x9f -> { r[dst] = mod64(r[dst], r[src]); pc++; }
                case 0xaf -> { r[dst] ^= r[src]; pc++; }
                case 0xbf -> { r[dst] = r[src]; pc++; }
                case 0xcf -> { r[dst] >>= r[src]; pc++; }
                case SDIV64_X -> { r[dst] = sdiv64(r[dst], r[src]); pc++; }
                case SMOD64_X -> { r[dst] = smod64(r[dst], r[src]); pc++; }
                case MOVSX64_8 -> { r[dst] = (byte) r[src]; pc++; }
                case MOVSX64_16 -> { r[dst] = (short) r[src]; pc++; }
                case MOVSX64_32 -> { r[dst] = (int) r[src]; pc++; }
                // ALU (32-bit): operate on the low halves, zero the upper half of dst (§4.1)
                case 0x04 -> { r[dst] = (r[dst] + operands[pc]) & LOW32; pc++; }
                case 0x14 -> { r[dst] = (r[dst] - operands[pc]) & LOW32; pc++; }
                case 0x24 -> { r[dst] = (r[dst] * operands[pc]) & LOW32; pc++; }
                case 0x34 -> { r[dst] = div32(r[dst], operands[pc]); pc++; }
                case 0x44 -> { r[dst] = (r[dst] | operands[pc]) & LOW32; pc++; }
                case 0x54 -> { r[dst] = (r[dst] & operands[pc]) & LOW32; pc++; }
                case 0x64 -> { r[dst] = ((int) r[dst] << (int) operands[pc]) & LOW32; pc++; }
                case 0x74 -> { r[dst] = ((int) r[dst] >>> (int) operands[pc]) & LOW32; pc++; }
                case 0x84 -> { r[dst] = -(int) r[dst] & LOW32; pc++; }
                case 0x94 -> { r[dst] = mod32(r[dst], operands[pc]); pc++; }
                case 0xa4 -> { r[dst] = (r[dst] ^ operands[pc]) & LOW32; pc++; }
                case 0xb4 -> { r[dst] = operands[pc] & LOW32; pc++; }
                case 0xc4 -> { r[dst] = ((int) r[dst] >> (int) operands[pc]) & LOW32; pc++; }
                case SDIV32_K -> { r[dst] = sdiv32(r[dst], operands[pc]); pc++; }
                case SMOD32_K -> { r[dst] = smod32(r[dst], operands[pc]); pc++; }
                case 0x0c -> { r[dst] = (r[dst] + r[src]) & LOW32; pc++; }
                case 0x1c -> { r[dst] = (r[dst] - r[src]) & LOW32; pc++; }
                case 0x2c -> { r[dst] = (r[dst] * r[src]) & LOW32; pc++; }
                case 0x3c -> { r[dst] = div32(r[dst], r[src]); pc++; }
                case 0x4c -> { r[dst] = (r[dst] | r[src]) & LOW32; pc++; }
                case 0x5c -> { r[dst] = (r[dst] & r[src]) & LOW32; pc++; }
                case 0x6c -> { r[dst] = ((int) r[dst] << (int) r[src]) & LOW32; pc++; }
                case 0x7c -> { r[dst] = ((int) r[dst] >>> (int) r[src]) & LOW32; pc++; }
                case 0x9c -> { r[dst] = mod32(r[dst], r[src]); pc++; }
                case 0xac -> { r[dst] = (r[dst] ^ r[src]) & LOW32; pc++; }
                case 0xbc -> { r[dst] = r[src] & LOW32; pc++; }
                case 0xcc -> { r[dst] = ((int) r[dst] >> (int) r[src]) & LOW32; pc++; }
                case SDIV32_X -> { r[dst] = sdiv32(r[dst], r[src]); pc++; }
                case SMOD32_X -> { r[dst] = smod32(r[dst], r[src]); pc++; }
                case MOVSX32_8 -> { r[dst] = (byte) r[src] & LOW32; pc++; }
                case MOVSX32_16 -> { r[dst] = (short) r[src] & LOW32; pc++; }
                // byte swaps (§4.2); the host, like every target jtracec traces, is little-endian
                case LE16 -> { r[dst] &= 0xffff; pc++; }
                case LE32 -> { r[dst] &= LOW32; pc++; }
                case LE64 -> pc++;
                case BE16, BSWAP16 -> { r[dst] = Short.reverseBytes((short) r[dst]) & 0xffffL; pc++; }
                case BE32, BSWAP32 -> { r[dst] = Integer.reverseBytes((int) r[dst]) & LOW32; pc++; }
                case BE64, BSWAP64 -> { r[dst] = Long.reverseBytes(r[dst]); pc++; }
                // JMP: 64-bit compares, immediate sign-extended (§4.3)
                case 0x05 -> pc = offsets[pc];
                case 0x15 -> pc = r[dst] == operands[pc] ? offsets[pc] : pc + 1;
                case 0x25 -> pc = Long.compareUnsigned(r[dst], operands[pc]) > 0 ? offsets[pc] : pc + 1;
                case 0x35 -> pc = Long.compareUnsigned(r[dst], operands[pc]) >= 0 ? offsets[pc] : pc + 1;
                case 0x45 -> pc = (r[dst] & operands[pc]) != 0 ? offsets[pc] : pc + 1;
                case 0x55 -> pc = r[dst] != operands[pc] ? offsets[pc] : pc + 1;
                case 0x65 -> pc = r[dst] > operands[pc] ? offsets[pc] : pc + 1;
                case 0x75 -> pc = r[dst] >= operands[pc] ? offsets[pc] : pc + 1;
                case 0xa5 -> pc = Long.compareUnsigned(r[dst], operands[pc]) < 0 ? offsets[pc] : pc + 1;
                case 0xb5 -> pc = Long.compareUnsigned(r[dst], operands[pc]) <= 0 ? offsets[pc] : pc + 1;
                case 0xc5 -> pc = r[dst] < operands[pc] ? offsets[pc] : pc + 1;
                case 0xd5 -> pc = r[dst] <= operands[pc] ? offsets[pc] : pc + 1;
                case 0x1d -> pc = r[dst] == r[src] ? offsets[pc] : pc + 1;
                case 0x2d -> pc = Long.compareUnsigned(r[dst], r[src]) > 0 ? offsets[pc] : pc + 1;
                case 0x3d -> pc = Long.compareUnsigned(r[dst], r[src]) >= 0 ? offsets[pc] : pc + 1;
                case 0x4d -> pc = (r[dst] & r[src]) != 0 ? offsets[pc] : pc + 1;
                case 0x5d -> pc = r[dst] != r[src] ? offsets[pc] : pc + 1;
                case 0x6d -> pc = r[dst] > r[src] ? offsets[pc] : pc + 1;
                case 0x7d -> pc = r[dst] >= r[src] ? offsets[pc] : pc + 1;
                case 0xad -> pc = Long.compareUnsigned(r[dst], r[src]) < 0 ? offsets[pc] : pc + 1;
                case 0xbd -> pc = Long.compareUnsigned(r[dst], r[src]) <= 0 ? offsets[pc] : pc + 1;
                case 0xcd -> pc = r[dst] < r[src] ? offsets[pc] : pc + 1;
                case 0xdd -> pc = r[dst] <= r[src] ? offsets[pc] : pc + 1;
                // JMP32: compare the low 32 bits only
                case 0x06 -> pc = offsets[pc];
                case 0x16 -> pc = (int) r[dst] == (int) operands[pc] ? offsets[pc] : pc + 1;
                case 0x26 -> pc = Integer.compareUnsigned((int) r[dst], (int) operands[pc]) > 0 ? offsets[pc] : pc + 1;
                case 0x36 -> pc = Integer.compareUnsigned((int) r[dst], (int) operands[pc]) >= 0 ? offsets[pc] : pc + 1;
                case 0x46 -> pc = ((int) r[dst] & (int) operands[pc]) != 0 ? offsets[pc] : pc + 1;
                case 0x56 -> pc = (int) r[dst] != (int) operands[pc] ? offsets[pc] : pc + 1;
                case 0x66 -> pc = (int) r[dst] > (int) operands[pc] ? offsets[pc] : pc + 1;
                case 0x76 -> pc = (int) r[dst] >= (int) operands[pc] ? offsets[pc] : pc + 1;
                case 0xa6 -> pc = Integer.compareUnsigned((int) r[dst], (int) operands[pc]) < 0 ? offsets[pc] : pc + 1;
                case 0xb6 -> pc = Integer.compareUnsigned((int) r[dst], (int) operands[pc]) <= 0 ? offsets[pc] : pc + 1;
                case 0xc6 -> pc = (int) r[dst] < (int) operands[pc] ? offsets[pc] : pc + 1;
                case 0xd6 -> pc = (int) r[dst] <= (int) operands[pc] ? offsets[pc] : pc + 1;
                case 0x1e -> pc = (int) r[dst] == (int) r[src] ? offsets[pc] : pc + 1;
                case 0x2e -> pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) > 0 ? offsets[pc] : pc + 1;
                case 0x3e -> pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) >= 0 ? offsets[pc] : pc + 1;
                case 0x4e -> pc = ((int) r[dst] & (int) r[src]) != 0 ? offsets[pc] : pc + 1;
                case 0x5e -> pc = (int) r[dst] != (int) r[src] ? offsets[pc] : pc + 1;
                case 0x6e -> pc = (int) r[dst] > (int) r[src] ? offsets[pc] : pc + 1;
                case 0x7e -> pc = (int) r[dst] >= (int) r[src] ? offsets[pc] : pc + 1;
                case 0xae -> pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) < 0 ? offsets[pc] : pc + 1;
                case 0xbe -> pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) <= 0 ? offsets[pc] : pc + 1;
                case 0xce -> pc = (int) r[dst] < (int) r[src] ? offsets[pc] : pc + 1;
                case 0xde -> pc = (int) r[dst] <= (int) r[src] ? offsets[pc] : pc + 1;
                // loads (§5.2): MEM zero-extends, MEMSX sign-extends
                case 0x79, 0x61, 0x69, 0x71, 0x81, 0x89, 0x91 -> {
                    int size = accessSize(word & 0xff);
                    long address = r[src] + offsets[pc];
                    int id = m.readable(address, size);
                    if (id == 0) return new Outcome.Faulted(pc, m.describe(address, size, "read"));
                    byte[] bytes = m.data[id];
                    int at = m.base[id] + (int) address;
                    r[dst] = switch (word & 0xff) {
                        case 0x79 -> (long) Memory.LONG.get(bytes, at);
                        case 0x61 -> (int) Memory.INT.get(bytes, at) & LOW32;
                        case 0x69 -> (short) Memory.SHORT.get(bytes, at) & 0xffffL;
                        case 0x71 -> bytes[at] & 0xffL;
                        case 0x81 -> (int) Memory.INT.get(bytes, at);
                        case 0x89 -> (short) Memory.SHORT.get(bytes, at);
                        default -> bytes[at];
                    };
                    pc++;
                }
                // stores (§5.1): ST stores imm truncated to the size, STX the low bytes of src
                case 0x7b, 0x63, 0x6b, 0x73, 0x7a, 0x62, 0x6a, 0x72 -> {
                    int size = accessSize(word & 0xff);
                    long address = r[dst] + offsets[pc];
                    int id = m.writable(address, size);
                    if (id == 0) return new Outcome.Faulted(pc, m.describe(address, size, "write"));
                    long value = (word & 0x07) == 0x03 ? r[src] : operands[pc];
                    Memory.storeAt(m.data[id], m.base[id] + (int) address, size, value);
                    pc++;
                }
                case 0x18 -> { r[dst] = operands[pc]; pc += 2; }
                case LDDW_PSEUDO -> {
                    try {
                        r[dst] = environment.loadPseudo(src, (int) operands[pc], offsets[pc], m);
                    } catch (HelperFault fault) {
                        return new Outcome.Faulted(pc, fault.getMessage());
                    }
                    pc += 2;
                }
                case 0x85, CALL_REGISTER -> {
                    int helper = (word & 0xfff) == 0x85 ? (int) operands[pc] : (int) r[dst];
                    try {
                        r[0] = environment.callHelper(helper, r[1], r[2], r[3], r[4], r[5], m);
                    } catch (HelperFault fault) {
                        return new Outcome.Faulted(pc, "in helper #%d: %s".formatted(helper, fault.getMessage()));
                    }
                    pc++;
                }
                case CALL_LOCAL -> {
                    if (depth + 1 >= FRAMES) {
                        return new Outcome.Faulted(pc, "more than %d nested calls".formatted(FRAMES));
                    }
                    System.arraycopy(r, 6, saved, depth * 5, 5);
                    returnPc[depth] = pc + 1;
                    depth++;
                    deepestUsed = Math.max(deepestUsed, depth);
                    r[10] = Memory.pointer(stackRegion[depth], STACK);
                    pc = offsets[pc];
                }
                case 0x95 -> {
                    if (depth == 0) return new Outcome.Returned(r[0]);
                    depth--;
                    System.arraycopy(saved, depth * 5, r, 6, 5);
                    pc = returnPc[depth];
                }
                case FELL_OFF -> {
                    return new Outcome.Faulted(pc, pc == program.size()
                            ? "execution ran past the last instruction"
                            : "jumped into the second slot of an lddw");
                }
                default -> {
                    int op = word & 0xfff;
                    if (op >= ATOMIC32 && op < LIMIT) {
                        long address = r[dst] + offsets[pc];
                        int size = op >= ATOMIC64 ? 8 : 4;
                        int id = m.writable(address, size);
                        if (id == 0) return new Outcome.Faulted(pc, m.describe(address, size, "atomic access"));
                        atomic(op - (size == 8 ? ATOMIC64 : ATOMIC32), size, r, src, m.data[id], m.base[id] + (int) address);
                        pc++;
                    } else {
                        throw new IllegalStateException("bug: internal opcode 0x%x at pc %d".formatted(op, pc));
                    }
                }
            }
        }
    }

    /** Bytes moved by a load or store, from the size field (§5.1). */
    private static int accessSize(int opcode) {
        return switch (opcode & 0x18) {
            case 0x18 -> 8;
            case 0x00 -> 4;
            case 0x08 -> 2;
            default -> 1;
        };
    }

    /** RFC 9669 §5.3; {@code kind} is the ordinal of Instruction.AtomicOp. W operations zero-extend what they fetch. */
    private static void atomic(int kind, int size, long[] r, int src, byte[] bytes, int at) {
        long mask = size == 8 ? -1L : LOW32;
        long old = Memory.loadAt(bytes, at, size);
        long operand = r[src];
        switch (kind) {
            case 0, 4 -> Memory.storeAt(bytes, at, size, old + operand);
            case 1, 5 -> Memory.storeAt(bytes, at, size, old | operand);
            case 2, 6 -> Memory.storeAt(bytes, at, size, old & operand);
            case 3, 7 -> Memory.storeAt(bytes, at, size, old ^ operand);
            case 8 -> Memory.storeAt(bytes, at, size, operand);
            default -> {
                if ((r[0] & mask) == old) Memory.storeAt(bytes, at, size, operand);
                r[0] = old;
                return;
            }
        }
        if (kind >= 4) r[src] = old & mask;
    }

    /** RFC 9669 §4.1: unsigned; a zero divisor gives 0 for DIV and leaves dst unchanged for MOD. */
    static long div64(long dst, long src) {
        return src == 0 ? 0 : Long.divideUnsigned(dst, src);
    }

    static long mod64(long dst, long src) {
        return src == 0 ? dst : Long.remainderUnsigned(dst, src);
    }

    /** 32-bit forms: the imm is taken as u32; a zero divisor leaves dst's low half, zero-extended, for MOD. */
    static long div32(long dst, long src) {
        return (int) src == 0 ? 0 : Integer.divideUnsigned((int) dst, (int) src) & LOW32;
    }

    static long mod32(long dst, long src) {
        return (int) src == 0 ? dst & LOW32 : Integer.remainderUnsigned((int) dst, (int) src) & LOW32;
    }

    /** Signed forms: Java's truncating / and % are §4.1's (the remainder has the dividend's sign, MIN / -1 wraps to MIN). */
    static long sdiv64(long dst, long src) {
        return src == 0 ? 0 : dst / src;
    }

    static long smod64(long dst, long src) {
        return src == 0 ? dst : dst % src;
    }

    static long sdiv32(long dst, long src) {
        return (int) src == 0 ? 0 : ((int) dst / (int) src) & LOW32;
    }

    static long smod32(long dst, long src) {
        return (int) src == 0 ? dst & LOW32 : ((int) dst % (int) src) & LOW32;
    }
}

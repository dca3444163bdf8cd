package jtracec.spec.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The disassembly of a clang-compiled kprobe program against {@code bpftool prog dump xlated}
 * of the same program on this machine's kernel (bpftool v7.1.0); lines the kernel rewrites on
 * load (helper addresses, map ids, inlined lookups) are compared with the pre-load encoding.
 */
public class DisassemblerTest {
    /** clang -O2 -target bpf -mcpu=v3 of a counter keyed by ktime & 7; lddw relocated to map index 0 (src 1). */
    static final String PROGRAM = "8500000005000000 5400000007000000 630afcff00000000 b706000001000000 7b6af0ff00000000"
            + " bfa2000000000000 07020000fcffffff 1811000000000000 0000000000000000 8500000001000000 1500050000000000"
            + " db60000000000000 7900000000000000 a5000a0006000000 7700000003000000 05000d0000000000 bfa2000000000000"
            + " 07020000fcffffff bfa3000000000000 07030000f0ffffff 1811000000000000 0000000000000000 b704000000000000"
            + " 8500000002000000 61a0fcff00000000 6400000018000000 c400000018000000 2400000003000000 7400000001000000"
            + " 9500000000000000";

    public static List<Insn> program() {
        var decoded = InsnCodec.decode(HexFormat.of().parseHex(PROGRAM.replace(" ", "")));
        return assertInstanceOf(InsnCodec.Decoding.Decoded.class, decoded).insns();
    }

    @Test
    void listingMatchesBpftoolXlated() {
        String expected = """
                   0: (85) call bpf_ktime_get_ns#5
                   1: (54) w0 &= 7
                   2: (63) *(u32 *)(r10 -4) = r0
                   3: (b7) r6 = 1
                   4: (7b) *(u64 *)(r10 -16) = r6
                   5: (bf) r2 = r10
                   6: (07) r2 += -4
                   7: (18) r1 = map[id:0]
                   9: (85) call bpf_map_lookup_elem#1
                  10: (15) if r0 == 0x0 goto pc+5
                  11: (db) lock *(u64 *)(r0 +0) += r6
                  12: (79) r0 = *(u64 *)(r0 +0)
                  13: (a5) if r0 < 0x6 goto pc+10
                  14: (77) r0 >>= 3
                  15: (05) goto pc+13
                  16: (bf) r2 = r10
                  17: (07) r2 += -4
                  18: (bf) r3 = r10
                  19: (07) r3 += -16
                  20: (18) r1 = map[id:0]
                  22: (b7) r4 = 0
                  23: (85) call bpf_map_update_elem#2
                  24: (61) r0 = *(u32 *)(r10 -4)
                  25: (64) w0 <<= 24
                  26: (c4) w0 s>>= 24
                  27: (24) w0 *= 3
                  28: (74) w0 >>= 1
                  29: (95) exit
                """;
        assertEquals(expected, Disassembler.listing(program()));
    }

    @Test
    void printsTheNewerEncodingsAsTheKernelDoes() {
        assertEquals("r1 = (s8)r2", line(new Instruction.MoveSignExtend(Instruction.Width.W64, 1, 2, 8)));
        assertEquals("w1 = (s16)w2", line(new Instruction.MoveSignExtend(Instruction.Width.W32, 1, 2, 16)));
        assertEquals("r1 s/= r2", line(new Instruction.Alu(Instruction.Width.W64, Instruction.AluOp.SDIV, 1, new Instruction.Operand.Register(2))));
        assertEquals("r1 = bswap32 r1", line(new Instruction.ByteSwap(Instruction.SwapKind.BSWAP, 1, 32)));
        assertEquals("r1 = be16 r1", line(new Instruction.ByteSwap(Instruction.SwapKind.TO_BE, 1, 16)));
        assertEquals("r1 = *(s16 *)(r2 +4)", line(new Instruction.Load(Instruction.Size.H, Instruction.Extension.SIGN, 1, 2, 4)));
        assertEquals("gotol pc+70000", line(new Instruction.GotoLong(70000)));
        assertEquals("call pc+5", line(new Instruction.CallLocal(5)));
        assertEquals("r2 = atomic64_fetch_add((u64 *)(r10 -8), r2)",
                line(new Instruction.Atomic(Instruction.Size.DW, Instruction.AtomicOp.FETCH_ADD, 10, -8, 2)));
        assertEquals("r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r3)",
                line(new Instruction.Atomic(Instruction.Size.W, Instruction.AtomicOp.CMPXCHG, 10, -8, 3)));
        assertEquals("r1 = 0x1122334455667788", line(new Instruction.LoadImmediate64(1, 0, 0x55667788, 0x11223344)));
        assertEquals("if w1 s> w2 goto pc-3", line(new Instruction.Jump(Instruction.Width.W32, Instruction.JumpOp.JSGT, 1,
                new Instruction.Operand.Register(2), -3)));
        assertEquals("*(u8 *)(r10 -1) = -1", line(new Instruction.StoreImmediate(Instruction.Size.B, 10, -1, -1)));
    }

    @Test
    void undefinedEncodingsPrintTheirReason() {
        List<Insn> program = new ArrayList<>(List.of(new Insn(0xff, 0, 0, 0, 0)));
        assertEquals("invalid: unknown arithmetic operation (opcode 0xff)", Disassembler.line(program, 0));
    }

    private static String line(Instruction instruction) {
        return Disassembler.line(instruction.insns(), 0);
    }
}

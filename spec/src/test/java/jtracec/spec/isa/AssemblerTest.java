package jtracec.spec.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformance text format: mnemonics, operands, labels, and failures with their line. */
class AssemblerTest {
    private static List<Insn> assemble(String text) {
        return assertInstanceOf(Assembler.Assembly.Assembled.class, Assembler.assemble(text)).insns();
    }

    @Test
    void assemblesEachOperandForm() {
        List<Insn> insns = assemble("""
                mov32 %r0, 0xffffffff   # hex is a bit pattern
                ldxsh %r1, [%r2-4]
                stxdw [%r10-8], %r1
                stb [%r10-1], -1
                lock fetch xor32 [%r10-4], %r3
                movsx1664 %r4, %r5
                sdiv32 %r4, 3
                be16 %r0
                call 5
                exit
                """);
        assertEquals(List.of(
                new Insn(0xb4, 0, 0, 0, -1),
                new Insn(0x89, 1, 2, -4, 0),
                new Insn(0x7b, 10, 1, -8, 0),
                new Insn(0x72, 10, 0, -1, -1),
                new Insn(0xc3, 10, 3, -4, 0xa1),
                new Insn(0xbf, 4, 5, 16, 0),
                new Insn(0x34, 4, 0, 1, 3),
                new Insn(0xdc, 0, 0, 0, 16),
                new Insn(0x85, 0, 0, 0, 5),
                new Insn(0x95, 0, 0, 0, 0)), insns);
    }

    @Test
    void labelsCountLddwAsTwoSlots() {
        List<Insn> insns = assemble("ja end\nlddw %r0, 1\nend:\nexit");
        assertEquals(2, insns.get(0).offset());
        List<Insn> call = assemble("call local f\nexit\nf:\nja32 g\ng:\nexit");
        assertEquals(1, call.get(0).imm());
        assertEquals(Opcodes.PSEUDO_CALL, call.get(0).src());
        assertEquals(0, call.get(2).imm());
    }

    @Test
    void failuresCarryTheirLine() {
        assertEquals(new Assembler.Assembly.Failed(2, "unknown mnemonic frob"), Assembler.assemble("exit\nfrob %r1\n"));
        assertEquals(new Assembler.Assembly.Failed(1, "unknown label nowhere"), Assembler.assemble("ja nowhere\nexit"));
        assertEquals(new Assembler.Assembly.Failed(1, "immediate out of 32-bit range: 0x100000000"),
                Assembler.assemble("mov %r0, 0x100000000"));
    }
}

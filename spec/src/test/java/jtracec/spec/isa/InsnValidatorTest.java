package jtracec.spec.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jtracec.spec.isa.InsnValidator.Dialect;
import jtracec.spec.isa.InsnValidator.Validity;
import org.junit.jupiter.api.Test;

/** Encodings RFC 9669 leaves undefined are rejected with a reason and a pc, never an exception. */
class InsnValidatorTest {
    private static Validity.Invalid invalid(Insn... insns) {
        List<Insn> program = new ArrayList<>(List.of(insns));
        program.add(Asm.exit());
        return assertInstanceOf(Validity.Invalid.class, InsnValidator.validate(program, Dialect.RFC_9669));
    }

    private static void rejects(String why, Insn... insns) {
        var result = invalid(insns);
        assertTrue(result.reason().contains(why), result.reason());
    }

    @Test
    void rejectsWritesToTheFramePointer() {
        rejects("r10 is read-only", Asm.mov64(10, 1));
        rejects("r10 is read-only", Asm.load(Opcodes.DW, 10, 1, 0));
    }

    @Test
    void rejectsNonZeroReservedFields() {
        rejects("src must be 0", new Insn(Opcodes.ALU64 | Opcodes.ADD | Opcodes.K, 1, 2, 0, 1));
        rejects("imm must be 0", new Insn(Opcodes.ALU64 | Opcodes.ADD | Opcodes.X, 1, 2, 0, 1));
        rejects("offset must be 0", new Insn(Opcodes.ALU64 | Opcodes.ADD | Opcodes.X, 1, 2, 3, 0));
        rejects("EXIT has no operands", new Insn(Opcodes.JMP | Opcodes.EXIT, 1, 0, 0, 0));
    }

    @Test
    void rejectsUnknownOpcodesAndWidths() {
        rejects("MOVSX", new Insn(Opcodes.ALU | Opcodes.MOV | Opcodes.X, 1, 2, 32, 0));
        rejects("byte swap width", new Insn(Opcodes.ALU | Opcodes.END, 1, 0, 0, 8));
        rejects("MEMSX has no DW", new Insn(Opcodes.LDX | Opcodes.MEMSX | Opcodes.DW, 1, 2, 0, 0));
        rejects("unknown atomic operation", new Insn(Opcodes.STX | Opcodes.ATOMIC | Opcodes.DW, 10, 1, -8, 0x02));
        rejects("atomics are W or DW", new Insn(Opcodes.STX | Opcodes.ATOMIC | Opcodes.B, 10, 1, -8, 0));
        rejects("no register r11", new Insn(Opcodes.ALU64 | Opcodes.MOV | Opcodes.X, 1, 11, 0, 0));
    }

    @Test
    void rejectsJumpsOutsideTheProgramOrIntoAnLddw() {
        rejects("outside the program", Asm.ja(5));
        List<Insn> program = new ArrayList<>();
        program.add(Asm.ja(1));
        program.addAll(Asm.lddw(0, 1));
        program.add(Asm.exit());
        var result = assertInstanceOf(Validity.Invalid.class, InsnValidator.validate(program, Dialect.RFC_9669));
        assertEquals(0, result.pc());
        assertTrue(result.reason().contains("inside an lddw"));
    }

    @Test
    void rejectsACallToMinusTwo() {
        // regression: -2 was once the "not a jump" sentinel, so a call to pc -2 slipped through
        List<Insn> program = List.of(new Insn(Opcodes.JMP | Opcodes.CALL, 0, Opcodes.PSEUDO_CALL, 0, -3), Asm.exit());
        var result = assertInstanceOf(Validity.Invalid.class, InsnValidator.validate(program, Dialect.RFC_9669));
        assertTrue(result.reason().contains("outside the program"));
    }

    @Test
    void rejectsATruncatedLddw() {
        List<Insn> program = List.of(Asm.exit(), Asm.lddw(0, 1).get(0));
        var result = assertInstanceOf(Validity.Invalid.class, InsnValidator.validate(program, Dialect.RFC_9669));
        assertEquals(1, result.pc());
    }

    @Test
    void callxIsOnlyValidInTheConformanceDialect() {
        List<Insn> program = List.of(new Insn(Opcodes.JMP | Opcodes.CALL | Opcodes.X, 2, 0, 0, 0), Asm.exit());
        assertInstanceOf(Validity.Invalid.class, InsnValidator.validate(program, Dialect.RFC_9669));
        assertInstanceOf(Validity.Valid.class, InsnValidator.validate(program, Dialect.CONFORMANCE));
    }

    @Test
    void malformedByteCountsAreAValueNotAnException() {
        var result = assertInstanceOf(InsnCodec.Decoding.Malformed.class, InsnCodec.decode(new byte[12]));
        assertEquals(8, result.byteOffset());
    }
}

package jtracec.spec.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import jtracec.spec.isa.Instruction.*;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the encoding: every valid instruction survives bytes and back, and decodes to itself. */
class InsnCodecPropertiesTest {
    @Property(tries = 2000)
    void decodingTheEncodingOfAValidInstructionGivesItBack(@ForAll("instructions") Instruction instruction) {
        List<Insn> insns = instruction.insns();
        byte[] bytes = InsnCodec.encode(insns);
        var decoded = assertInstanceOf(InsnCodec.Decoding.Decoded.class, InsnCodec.decode(bytes));
        assertEquals(insns, decoded.insns());
        var valid = assertInstanceOf(Decoded.Valid.class, InsnDecoder.decode(decoded.insns(), 0));
        assertEquals(instruction, valid.instruction());
    }

    @Property(tries = 500)
    void everySlotSurvivesBytesAndBack(@ForAll("slots") Insn insn) {
        var decoded = assertInstanceOf(InsnCodec.Decoding.Decoded.class, InsnCodec.decode(InsnCodec.encode(List.of(insn))));
        assertEquals(List.of(insn), decoded.insns());
        assertEquals(insn, InsnCodec.fromWord(InsnCodec.word(insn)));
    }

    /** The decoder ignores no field: a slot it accepts is exactly the encoding of what it decoded to. */
    @Property(tries = 5000)
    void everyAcceptedSlotIsCanonical(@ForAll("slots") Insn insn, @ForAll int upper) {
        List<Insn> program = List.of(insn, new Insn(0, 0, 0, 0, upper));
        if (InsnDecoder.decode(program, 0) instanceof Decoded.Valid valid) {
            assertEquals(program.subList(0, valid.instruction().slots()), valid.instruction().insns());
        }
    }

    @Property(tries = 300)
    void disassemblyNeverFails(@ForAll("slots") Insn insn) {
        List<Insn> program = new ArrayList<>(List.of(insn, new Insn(0, 0, 0, 0, 0)));
        Disassembler.line(program, 0);
    }

    @Provide
    Arbitrary<Insn> slots() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 15),
                        Arbitraries.integers().between(0, 15), Arbitraries.shorts(), Arbitraries.integers())
                .as((opcode, dst, src, offset, imm) -> new Insn(opcode, dst, src, offset, imm));
    }

    @Provide
    Arbitrary<Instruction> instructions() {
        Arbitrary<Integer> writable = Arbitraries.integers().between(0, 9);
        Arbitrary<Integer> readable = Arbitraries.integers().between(0, 10);
        Arbitrary<Integer> imm = Arbitraries.integers();
        Arbitrary<Integer> offset = Arbitraries.shorts().map(Short::intValue);
        Arbitrary<Width> width = Arbitraries.of(Width.class);
        Arbitrary<Operand> operand = Arbitraries.oneOf(readable.map(Operand.Register::new), imm.map(Operand.Immediate::new));
        Arbitrary<Instruction> alu = Combinators.combine(width, Arbitraries.of(AluOp.class).filter(op -> op != AluOp.NEG), writable, operand)
                .as(Alu::new);
        Arbitrary<Instruction> neg = Combinators.combine(width, writable).as((w, dst) -> new Alu(w, AluOp.NEG, dst, new Operand.Immediate(0)));
        Arbitrary<Instruction> movsx = Combinators.combine(width, writable, readable, Arbitraries.of(8, 16, 32))
                .filter((w, dst, src, bits) -> w == Width.W64 || bits != 32).as(MoveSignExtend::new);
        Arbitrary<Instruction> swap = Combinators.combine(Arbitraries.of(SwapKind.class), writable, Arbitraries.of(16, 32, 64)).as(ByteSwap::new);
        Arbitrary<Instruction> jump = Combinators.combine(width, Arbitraries.of(JumpOp.class), readable, operand, offset).as(Jump::new);
        Arbitrary<Instruction> control = Arbitraries.oneOf(offset.map(Goto::new), imm.map(GotoLong::new), imm.map(CallHelper::new),
                imm.map(CallLocal::new), imm.map(CallKernelFunction::new), Arbitraries.integers().between(0, 9).map(CallRegister::new),
                Arbitraries.just(new Exit()));
        Arbitrary<Instruction> load = Combinators.combine(Arbitraries.of(Size.class), Arbitraries.of(Extension.class), writable, readable, offset)
                .filter((size, extension, dst, base, off) -> !(size == Size.DW && extension == Extension.SIGN)).as(Load::new);
        Arbitrary<Instruction> store = Combinators.combine(Arbitraries.of(Size.class), readable, offset, readable).as(Store::new);
        Arbitrary<Instruction> storeImmediate = Combinators.combine(Arbitraries.of(Size.class), readable, offset, imm).as(StoreImmediate::new);
        Arbitrary<Instruction> atomic = Combinators.combine(Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), readable, offset, readable)
                .as(Atomic::new);
        Arbitrary<Instruction> wide = Combinators.combine(writable, Arbitraries.integers().between(0, 6), imm, imm).as(LoadImmediate64::new);
        Arbitrary<Instruction> legacy = Combinators.combine(Arbitraries.of(Size.W, Size.H, Size.B), Arbitraries.of(PacketMode.class), readable, imm)
                .as((size, mode, src, value) -> new LegacyPacketLoad(size, mode, mode == PacketMode.ABSOLUTE ? 0 : src, value));
        return Arbitraries.oneOf(alu, neg, movsx, swap, jump, control, load, store, storeImmediate, atomic, wide, legacy);
    }
}

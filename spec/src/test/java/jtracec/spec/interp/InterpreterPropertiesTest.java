package jtracec.spec.interp;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.spec.helper.HelperId;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.InsnValidator.Dialect;
import jtracec.spec.isa.Instruction;
import jtracec.spec.isa.Instruction.*;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.MapSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever valid bytecode does, including calling helpers with garbage, a run ends in an Outcome, never an exception. */
class InterpreterPropertiesTest {
    private static final List<MapSpec> MAPS = List.of(
            new MapSpec("hash", MapType.HASH, 8, 16, 4, Optional.empty()),
            new MapSpec("ring", MapType.RINGBUF, 0, 0, 256, Optional.empty()),
            new MapSpec("array", MapType.PERCPU_ARRAY, 4, 8, 2, Optional.empty()),
            new MapSpec("stacks", MapType.STACK_TRACE, 4, 64, 8, Optional.empty()));

    @Property(tries = 2000)
    void anyValidProgramEndsInAnOutcome(@ForAll("programs") List<Instruction> body) {
        List<Insn> insns = new ArrayList<>();
        body.forEach(instruction -> insns.addAll(instruction.insns()));
        insns.add(new Exit().insns().get(0));
        if (!(Executable.compile(insns, Dialect.RFC_9669) instanceof Executable.Compilation.Compiled compiled)) return;
        Machine machine = new Machine(MAPS, Machine.Config.defaults().withStepBudget(500));
        Task task = new Task(10, 11, 0, 0, "fuzz", 1, 99, List.of(1L, 2L, 3L), List.of(4L), 1);
        for (int run = 0; run < 3; run++) {
            assertNotNull(machine.run(compiled.executable(), Event.of(new byte[32], task)));
        }
    }

    @Provide
    Arbitrary<List<Instruction>> programs() {
        Arbitrary<Integer> reg = Arbitraries.integers().between(0, 9);
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 10);
        Arbitrary<Integer> small = Arbitraries.integers().between(-24, 24);
        Arbitrary<Integer> imm = Arbitraries.oneOf(Arbitraries.integers().between(-70, 70), Arbitraries.integers());
        Arbitrary<Operand> operand = Arbitraries.oneOf(any.map(Operand.Register::new), imm.map(Operand.Immediate::new));
        Arbitrary<Width> width = Arbitraries.of(Width.class);
        Arbitrary<Instruction> alu = Combinators.combine(width, Arbitraries.of(AluOp.class), reg, operand)
                .as((w, op, dst, source) -> new Alu(w, op, dst, op == AluOp.NEG ? new Operand.Immediate(0) : source));
        Arbitrary<Instruction> jump = Combinators.combine(width, Arbitraries.of(JumpOp.class), any, operand, Arbitraries.integers().between(-3, 3))
                .as(Jump::new);
        Arbitrary<Instruction> load = Combinators.combine(Arbitraries.of(Size.class), reg, any, small)
                .as((size, dst, base, offset) -> new Load(size, Extension.ZERO, dst, base, offset));
        Arbitrary<Instruction> store = Combinators.combine(Arbitraries.of(Size.class), any, small, any).as(Store::new);
        Arbitrary<Instruction> storeImmediate = Combinators.combine(Arbitraries.of(Size.class), any, small, imm).as(StoreImmediate::new);
        Arbitrary<Instruction> atomic = Combinators.combine(Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), any, small, any)
                .as(Atomic::new);
        Arbitrary<Instruction> map = Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.of(1, 2, 5), Arbitraries.integers().between(-1, 4))
                .as((dst, source, index) -> new LoadImmediate64(dst, source, index, 0));
        Arbitrary<Instruction> call = Arbitraries.of(HelperId.class).map(helper -> new CallHelper(helper.number()));
        Arbitrary<Instruction> frame = Arbitraries.integers().between(1, 5)
                .map(dst -> new Alu(Width.W64, AluOp.MOV, dst, new Operand.Register(10)));
        Arbitrary<Instruction> instruction = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, alu), net.jqwik.api.Tuple.of(2, jump), net.jqwik.api.Tuple.of(2, load),
                net.jqwik.api.Tuple.of(2, store), net.jqwik.api.Tuple.of(1, storeImmediate), net.jqwik.api.Tuple.of(1, atomic),
                net.jqwik.api.Tuple.of(2, map), net.jqwik.api.Tuple.of(3, call), net.jqwik.api.Tuple.of(2, frame),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-2, 3).map(CallLocal::new)));
        return instruction.list().ofMinSize(1).ofMaxSize(24);
    }
}

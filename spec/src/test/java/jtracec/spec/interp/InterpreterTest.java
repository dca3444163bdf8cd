package jtracec.spec.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jtracec.spec.isa.Assembler;
import jtracec.spec.isa.InsnValidator.Dialect;
import org.junit.jupiter.api.Test;

/** RFC 9669 corner cases, and faults as values: nothing a program does escapes as an exception. */
class InterpreterTest {
    static Outcome run(String asm) {
        var program = assertInstanceOf(Assembler.Assembly.Assembled.class, Assembler.assemble(asm)).insns();
        var compiled = assertInstanceOf(Executable.Compilation.Compiled.class, Executable.compile(program, Dialect.RFC_9669));
        return Machine.of(List.of()).runWithMemory(compiled.executable(), new byte[16]);
    }

    static long returned(String asm) {
        return assertInstanceOf(Outcome.Returned.class, run(asm)).r0();
    }

    static Outcome.Faulted faulted(String asm) {
        return assertInstanceOf(Outcome.Faulted.class, run(asm));
    }

    @Test
    void unsignedDivisionByZeroGivesZero() {
        assertEquals(0, returned("mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit"));
        assertEquals(0, returned("mov %r0, 7\nmov %r1, 0\ndiv32 %r0, %r1\nexit"));
    }

    @Test
    void moduloByZeroLeavesDstAndTheThirtyTwoBitFormZeroExtends() {
        assertEquals(-7L, returned("mov %r0, -7\nmov %r1, 0\nmod %r0, %r1\nexit"));
        assertEquals(0xffff_fff9L, returned("mov %r0, -7\nmov %r1, 0\nmod32 %r0, %r1\nexit"));
        assertEquals(-7L, returned("mov %r0, -7\nmov %r1, 0\nsmod %r0, %r1\nexit"));
    }

    @Test
    void signedDivisionFollowsTheRfc() {
        assertEquals(Long.MIN_VALUE, returned("lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit"));
        assertEquals(-2L, returned("mov %r0, -7\nsdiv %r0, 3\nexit"));
        assertEquals(-1L, returned("mov %r0, -7\nsmod %r0, 3\nexit"));
        assertEquals(1L, returned("mov %r0, 7\nsmod %r0, -3\nexit"));
    }

    @Test
    void shiftCountsAreMasked() {
        assertEquals(2L, returned("mov %r0, 1\nmov %r1, 65\nlsh %r0, %r1\nexit"));
        assertEquals(2L, returned("mov %r0, 1\nmov %r1, 33\nlsh32 %r0, %r1\nexit"));
    }

    @Test
    void thirtyTwoBitOperationsZeroExtend() {
        assertEquals(0xffff_ffffL, returned("mov %r0, 0\nsub32 %r0, 1\nexit"));
        assertEquals(0xffff_ffffL, returned("mov32 %r0, -1\nexit"));
        assertEquals(-1L, returned("mov %r0, -1\nexit"));
    }

    @Test
    void aStoreAboveTheFramePointerFaults() {
        var fault = faulted("mov %r0, 0\nstdw [%r10+0], 1\nexit");
        assertEquals(1, fault.pc());
        assertTrue(fault.reason().contains("stack region"), fault.reason());
    }

    @Test
    void readingThroughNullFaults() {
        assertEquals(1, faulted("mov %r1, 0\nldxb %r0, [%r1+0]\nexit").pc());
    }

    @Test
    void pointerArithmeticCannotReachAnotherRegion() {
        // r1 points at the 16-byte memory region; 4 GiB further is the next region id
        assertEquals(3, faulted("lddw %r2, 0x100000000\nadd %r1, %r2\nldxb %r0, [%r1+0]\nexit").pc());
        assertEquals(1, faulted("mov %r0, 0\nldxdw %r0, [%r1+9]\nexit").pc());
    }

    @Test
    void anEndlessLoopHitsTheStepLimit() {
        var program = assertInstanceOf(Assembler.Assembly.Assembled.class, Assembler.assemble("mov %r0, 0\nja -1\nexit")).insns();
        var machine = new Machine(List.of(), Machine.Config.defaults().withStepBudget(1000));
        var outcome = machine.runWithMemory(Executable.of(program), new byte[0]);
        assertEquals(new Outcome.StepLimit(1, 1000), outcome);
    }

    @Test
    void unboundedRecursionFaultsAtTheFrameLimit() {
        var fault = faulted("call local f\nexit\nf:\ncall local f\nexit");
        assertTrue(fault.reason().contains("nested calls"), fault.reason());
    }

    @Test
    void aLocalCallHasItsOwnStackAndKeepsTheCallersRegisters() {
        String asm = """
                stdw [%r10-8], 11
                mov %r6, 6
                call local f
                ldxdw %r0, [%r10-8]
                add %r0, %r6
                exit
                f:
                stdw [%r10-8], 99
                mov %r6, 0
                exit
                """;
        assertEquals(17, returned(asm));
    }

    @Test
    void runningPastTheLastInstructionFaults() {
        assertTrue(faulted("mov %r0, 0").reason().contains("past the last instruction"));
    }

    @Test
    void theContextIsReadOnly() {
        var program = assertInstanceOf(Assembler.Assembly.Assembled.class, Assembler.assemble("stb [%r1+0], 1\nmov %r0, 0\nexit")).insns();
        var outcome = Machine.of(List.of()).run(Executable.of(program), Event.of(new byte[8], Task.of(1, "a", 0)));
        var fault = assertInstanceOf(Outcome.Faulted.class, outcome);
        assertTrue(fault.reason().contains("read-only"), fault.reason());
    }

    @Test
    void instructionsTheModelLeavesOutAreRejectedBeforeRunning() {
        var kfunc = List.of(new jtracec.spec.isa.Instruction.CallKernelFunction(7).insns().get(0), jtracec.spec.isa.Asm.exit());
        var rejected = assertInstanceOf(Executable.Compilation.Rejected.class, Executable.compile(kfunc, Dialect.RFC_9669));
        assertEquals(0, rejected.pc());
        assertTrue(rejected.reason().contains("not modelled"));
    }

    @Test
    void atomicsWorkOnBothWidths() {
        assertEquals(0x1_0000_0000L + 5, returned("""
                lddw %r1, 0x1ffffffff
                stdw [%r10-8], 0
                stxdw [%r10-8], %r1
                mov %r2, 6
                lock add32 [%r10-8], %r2
                ldxdw %r0, [%r10-8]
                exit
                """));
        assertEquals(0xffff_ffffL, returned("""
                stdw [%r10-8], -1
                mov %r2, 1
                lock fetch add32 [%r10-8], %r2
                mov %r0, %r2
                exit
                """));
    }
}

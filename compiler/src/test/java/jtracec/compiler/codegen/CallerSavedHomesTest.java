package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jtracec.compiler.CompileOptions;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.isa.Reg;
import org.junit.jupiter.api.Test;

/**
 * Values that live between two helper calls stay in r0..r5, where the helper leaves or takes
 * them, and an aggregation adds to an existing element in place; whether each program still means
 * what the script says is SemanticsTest's and the validation suite's business, this checks the shape.
 */
class CallerSavedHomesTest {
    private static List<Insn> eventProgram(String script) {
        var object = ScriptCompilationTest.compileChecked(ScriptCompilationTest.typed(script), CompileOptions.defaults());
        return object.programs().get(0).insns();
    }

    private static boolean isMove(Insn insn, int dst, int src) {
        return insn.opcode() == (Opcodes.ALU64 | Opcodes.MOV | Opcodes.X) && insn.dst() == dst && insn.src() == src;
    }

    private static int call(List<Insn> insns, int helper) {
        for (int pc = 0; pc < insns.size(); pc++) {
            if (insns.get(pc).opcode() == (Opcodes.JMP | Opcodes.CALL) && insns.get(pc).imm() == helper) return pc;
        }
        throw new AssertionError("no call of helper " + helper);
    }

    @Test
    void aLookupsPointerIsTestedAndUpdatedAtomicallyInR0() {
        List<Insn> insns = eventProgram("tracepoint:syscalls:sys_enter_openat { @[tid] = count(); }");
        int lookup = call(insns, 1);
        Insn test = insns.get(lookup + 1);
        assertEquals(Opcodes.JMP | Opcodes.JEQ | Opcodes.K, test.opcode(), "the null check follows the call: " + test);
        assertEquals(Reg.R0, test.dst());
        assertTrue(insns.stream().anyMatch(i -> i.opcode() == (Opcodes.STX | Opcodes.ATOMIC | Opcodes.DW) && i.dst() == Reg.R0),
                "the count is added where the lookup's pointer is: " + insns);
        assertFalse(insns.stream().anyMatch(i -> isMove(i, Reg.R6, Reg.R0)), "no result is moved to r6: " + insns);
    }

    @Test
    void arithmeticOnAHelpersResultGoesOnInR0() {
        List<Insn> insns = eventProgram("tracepoint:syscalls:sys_enter_openat { printf(\"%d\\n\", pid); }");
        int pidTgid = call(insns, 14);
        Insn shift = insns.get(pidTgid + 1);
        assertEquals(Opcodes.ALU64 | Opcodes.RSH | Opcodes.K, shift.opcode(), "pid is the upper half: " + shift);
        assertEquals(Reg.R0, shift.dst());
    }

    @Test
    void aValueWhoseOneUseIsAnArgumentIsComputedInItsRegister() {
        // str(args->filename): the user pointer is loaded straight into r3, probe_read_user_str's source
        List<Insn> insns = eventProgram("tracepoint:syscalls:sys_enter_openat { printf(\"%s\\n\", str(args->filename)); }");
        int read = call(insns, 114);
        assertTrue(insns.subList(0, read).stream().anyMatch(i -> i.opcode() == (Opcodes.LDX | Opcodes.MEM | Opcodes.DW) && i.dst() == Reg.R3),
                "the pointer is loaded into r3: " + insns);
        assertFalse(insns.subList(0, read).stream().anyMatch(i -> i.opcode() == (Opcodes.ALU64 | Opcodes.MOV | Opcodes.X) && i.dst() == Reg.R3
                && i.src() >= Reg.R6), "and not moved there from r6..r9: " + insns);
    }

    @Test
    void aValueLiveAcrossACallKeepsACalleeSavedRegister() {
        // $p is read after the second helper call: r0 would not survive it
        List<Insn> insns = eventProgram("tracepoint:syscalls:sys_enter_openat { $p = pid; $t = nsecs; printf(\"%d %d\\n\", $p, $t); }");
        int pidTgid = call(insns, 14);
        Insn after = insns.get(pidTgid + 1);
        assertTrue(after.dst() >= Reg.R6 || after.opcode() == (Opcodes.STX | Opcodes.MEM | Opcodes.DW),
                "the pid leaves r0 before the next call: " + after);
    }
}

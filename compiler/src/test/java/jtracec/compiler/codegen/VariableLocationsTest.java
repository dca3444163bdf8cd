package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.IntPredicate;
import jtracec.compiler.CompileOptions;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.object.BpfProgram;
import org.junit.jupiter.api.Test;

/** The variable table codegen writes next to the line table: which register holds which {@code $variable}. */
class VariableLocationsTest {
    private static BpfProgram compile(String script) {
        return ScriptCompilationTest.compileChecked(ScriptCompilationTest.typed(script), CompileOptions.defaults()).programs().get(0);
    }

    private static int firstPc(BpfProgram p, IntPredicate isWanted) {
        for (int pc = 0; pc < p.insns().size(); pc++) {
            if (isWanted.test(pc)) return pc;
        }
        throw new AssertionError("no such instruction in\n" + p.insns());
    }

    private static boolean isAlu64Reg(Insn insn, int operation) {
        return insn.opcode() == (Opcodes.ALU64 | operation | Opcodes.X);
    }

    @Test
    void theDivisorRegisterIsNamedByTheVariableItHolds() {
        BpfProgram p = compile("tracepoint:syscalls:sys_enter_openat { $d = args->flags & 7; $i = args->mode & 15; @[$i] = 100 / $d; }");
        assertEquals(p.insns().size(), p.variables().size());
        int div = firstPc(p, pc -> isAlu64Reg(p.insns().get(pc), Opcodes.DIV));
        assertEquals(Optional.of("$d"), p.variables().inRegister(div, p.insns().get(div).src()), p.variables().at(div).toString());
    }

    @Test
    void aLoopCounterIsNamedAtTheLoopTest() {
        BpfProgram p = compile("tracepoint:syscalls:sys_enter_openat { $i = 0; while ($i < args->mode) { @[$i] = 1; $i++; } }");
        int test = firstPc(p, pc -> {
            Insn insn = p.insns().get(pc);
            return insn.opClass() == Opcodes.JMP && (insn.opcode() & 0xf0) != Opcodes.JA && (insn.opcode() & 0xf0) != Opcodes.CALL
                    && (insn.opcode() & 0xf0) != Opcodes.EXIT && p.variables().inRegister(pc, insn.dst()).isPresent();
        });
        assertEquals(Optional.of("$i"), p.variables().inRegister(test, p.insns().get(test).dst()));
    }

    @Test
    void aRegisterOverwrittenInsideAnInstructionIsNoLongerNamed() {
        BpfProgram p = compile("tracepoint:syscalls:sys_enter_openat { $x = args->flags; @a = $x * 3; @b = $x + nsecs; }");
        for (int pc = 0; pc < p.insns().size(); pc++) {
            // right after a helper call r0..r5 hold nothing of the script's
            if (pc > 0 && p.insns().get(pc - 1).opcode() == (Opcodes.JMP | Opcodes.CALL)) {
                for (int r = 0; r <= 5; r++) assertTrue(p.variables().inRegister(pc, r).isEmpty(), "r" + r + " at " + pc);
            }
        }
        int mul = firstPc(p, pc -> p.insns().get(pc).opcode() == (Opcodes.ALU64 | Opcodes.MUL | Opcodes.K));
        // $x lives on (it is read again below), so the product is computed in a copy: $x before, nothing after
        int product = p.insns().get(mul).dst();
        assertEquals(Optional.of("$x"), p.variables().inRegister(mul, product));
        assertEquals(Optional.empty(), p.variables().inRegister(mul + 1, product));
    }

    @Test
    void noVariablesMeansNoTable() {
        BpfProgram p = compile("tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }");
        assertTrue(p.variables().isEmpty());
    }
}

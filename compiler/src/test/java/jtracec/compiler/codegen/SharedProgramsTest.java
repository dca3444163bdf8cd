package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jtracec.compiler.CompileOptions;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import org.junit.jupiter.api.Test;

/**
 * A probe block with several attach points is one program attached at each, as bpftrace 0.17 does,
 * unless its code depends on the point; and the costs each program pays for output stay small.
 */
class SharedProgramsTest {
    private static BpfObject compile(String script) {
        return ScriptCompilationTest.compileChecked(ScriptCompilationTest.typed(script), CompileOptions.defaults());
    }

    private static List<String> probes(BpfProgram program) {
        return program.sites().stream().map(AttachSite::probe).toList();
    }

    @Test
    void aBlockWhoseCodeIsTheSameEverywhereIsOneProgramAttachedAtEachPoint() {
        var object = compile("tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_close, interval:s:1 { @n = count(); }");
        // the interval is another program type, so another program
        assertEquals(2, object.programs().size());
        BpfProgram tracepoints = object.programs().get(0);
        assertEquals(List.of("tracepoint:syscalls:sys_enter_openat", "tracepoint:syscalls:sys_enter_close"), probes(tracepoints));
        assertEquals("tracepoint:syscalls:sys_enter_openat,tracepoint:syscalls:sys_enter_close,interval:s:1", tracepoints.probe());
        assertEquals(List.of("interval:s:1"), probes(object.programs().get(1)));
    }

    @Test
    void theProbeBuiltinKeepsOneProgramPerPointWithItsOwnName() {
        var object = compile("tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_close { @[probe] = count(); }");
        assertEquals(2, object.programs().size());
        assertEquals(List.of("tracepoint:syscalls:sys_enter_openat"), probes(object.programs().get(0)));
        assertEquals("tracepoint:syscalls:sys_enter_openat", object.programs().get(0).probe());
        assertEquals(List.of("tracepoint:syscalls:sys_enter_close"), probes(object.programs().get(1)));
    }

    @Test
    void tracepointArgsAtDifferentOffsetsKeepProgramsApartAndAtTheSameOffsetShareOne() {
        // fd lies at offset 16 in both sys_enter_read and sys_enter_write
        var same = compile("tracepoint:syscalls:sys_enter_read, tracepoint:syscalls:sys_enter_write { @[args->fd] = count(); }");
        assertEquals(1, same.programs().size());
        assertEquals(2, same.programs().get(0).sites().size());
        // filename lies at 16 in sys_enter_open, at 24 in sys_enter_openat (after dfd)
        var apart = compile("tracepoint:syscalls:sys_enter_open, tracepoint:syscalls:sys_enter_openat { @[args->filename] = count(); }");
        assertEquals(2, apart.programs().size());
        assertEquals(List.of("tracepoint:syscalls:sys_enter_open"), probes(apart.programs().get(0)));
        assertEquals(List.of("tracepoint:syscalls:sys_enter_openat"), probes(apart.programs().get(1)));
    }

    @Test
    void aLostEventIsCountedInFourInstructionsByAddingTheHelpersResultWhereItWasTested() {
        var object = compile("tracepoint:syscalls:sys_enter_openat { printf(\"%d\\n\", pid); }");
        List<Insn> insns = object.programs().get(0).insns();
        int output = -1;
        for (int pc = 0; pc < insns.size(); pc++) {
            if (insns.get(pc).opcode() == (Opcodes.JMP | Opcodes.CALL) && insns.get(pc).imm() == 130) output = pc;
        }
        assertTrue(output >= 0, "bpf_ringbuf_output is called");
        Insn test = insns.get(output + 1);
        assertEquals(Opcodes.JMP | Opcodes.JEQ | Opcodes.K, test.opcode(), "if r0 == 0 skips the count: " + test);
        assertEquals(0, test.dst(), "the result is tested where the helper left it");
        assertEquals(3, test.offset(), "lddw (2), lock add");
        Insn address = insns.get(output + 2);
        assertEquals(Opcodes.PSEUDO_MAP_VALUE, address.src(), "the counter is addressed directly, without a lookup");
        Insn add = insns.get(output + 4);
        assertEquals(Opcodes.STX | Opcodes.ATOMIC | Opcodes.DW, add.opcode());
        assertEquals(0, add.src(), "what is added is the helper's result, -EAGAIN, still in r0");
        assertEquals(List.of("lost_events"), object.maps().stream().filter(m -> m.name().startsWith("lost")).map(m -> m.name()).toList());
    }
}

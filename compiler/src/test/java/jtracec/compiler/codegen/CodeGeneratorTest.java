package jtracec.compiler.codegen;

import static jtracec.compiler.lower.TestScripts.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Optional;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.lower.LowerCode;
import jtracec.compiler.lower.TestScripts;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.SourceSpan;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {
    @Test
    void everyInstructionCarriesTheSpanOfTheConstructItCameFrom() {
        Expr.Call printf = call("printf", str("%d\n"), builtin("pid"));
        Stmt.Assign count = assign(map("c", builtin("comm")), call("count"));
        TypedProgram program = new TestScripts().probe(sysEnterOpenat(), stmt(printf), count).typed();
        BpfProgram bpf = ScriptCompilationTest.compileChecked(program, CompileOptions.defaults()).programs().get(0);
        assertEquals(bpf.insns().size(), bpf.lines().size());
        var lines = new ArrayList<Integer>();
        for (int pc = 0; pc < bpf.insns().size(); pc++) {
            SourceSpan span = bpf.lines().spanAt(pc);
            assertTrue(span.isKnown(), "pc " + pc + " has no span");
            lines.add(span.line());
        }
        assertTrue(lines.contains(printf.span().line()), "printf record code");
        assertTrue(lines.contains(printf.args().get(1).span().line()), "pid helper call");
        assertTrue(lines.contains(count.value().span().line()), "count() update");
        for (int pc = 0; pc < bpf.insns().size(); pc++) {
            Insn insn = bpf.insns().get(pc);
            if (insn.opcode() == (Opcodes.JMP | Opcodes.CALL) && insn.imm() == 130) {
                assertEquals(printf.span(), bpf.lines().spanAt(pc), "ringbuf_output belongs to the printf");
            }
        }
    }

    @Test
    void scriptNeedingMoreThan512BytesOfStackIsADiagnosticAtTheProbe() {
        var args = new ArrayList<Expr>();
        args.add(str("%s %s %s %s %s %s %s %s %s\n"));
        for (int i = 0; i < 9; i++) args.add(call("str", builtin("arg" + (i % 6))));
        TypedProgram program = new TestScripts().probe(kprobe("vfs_read"), stmt(call("printf", args.toArray(Expr[]::new)))).typed();
        var diags = new Diagnostics();
        Optional<BpfObject> object = new Compiler().compile(program, CompileOptions.defaults(), diags);
        assertTrue(object.isEmpty());
        Diagnostic error = diags.all().get(0);
        assertEquals(LowerCode.STACK_LIMIT, error.code());
        assertEquals(program.probes().get(0).probe().span(), error.span());
        assertTrue(error.help().isPresent());
    }

    @Test
    void constantsThatDoNotFitAnImmediateAreStoredAsTwoWords() {
        TypedProgram program = new TestScripts().probe(begin(),
                stmt(call("printf", str("%d\n"), num(0x1234_5678_9abcL)))).typed();
        BpfProgram bpf = ScriptCompilationTest.compileChecked(program, CompileOptions.defaults()).programs().get(0);
        long wideLoads = bpf.insns().stream().filter(Insn::isWide).filter(i -> i.src() == 0).count();
        assertEquals(0, wideLoads, "no lddw needed for a stored constant");
    }
}

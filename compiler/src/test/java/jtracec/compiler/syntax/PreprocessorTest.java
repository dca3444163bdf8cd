package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Include;
import jtracec.compiler.ast.Program;
import jtracec.compiler.ast.Stmt;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;
import org.junit.jupiter.api.Test;

/** #include, #define and #if work as in bpftrace (which runs clang's preprocessor) and keep every position. */
class PreprocessorTest {
    private static Program parse(String text, Set<String> defines) {
        var diags = new Diagnostics();
        return new ScriptParser(defines).parse(new SourceFile("t.bt", text), diags)
                .orElseThrow(() -> new AssertionError(diags.all().toString()));
    }

    private static List<Diagnostic> errors(String text) {
        var diags = new Diagnostics();
        new ScriptParser(Set.of()).parse(new SourceFile("t.bt", text), diags);
        return diags.all();
    }

    private static Expr firstValue(Program program) {
        return ((Stmt.Assign) program.probes().get(0).body().statements().get(0)).value();
    }

    @Test
    void includesAreRecordedWithTheirLineSpan() {
        Program program = parse("#include <linux/nosuch.h>\n  #include \"local.h\"\nBEGIN { exit(); }\n", Set.of());
        assertEquals(List.of(new Include("linux/nosuch.h", true, new SourceSpan("t.bt", 1, 1, 1, 26)),
                new Include("local.h", false, new SourceSpan("t.bt", 2, 3, 2, 21))), program.includes());
    }

    @Test
    void objectMacrosExpandAndTakeTheSpanOfTheirUse() {
        Program program = parse("#define LIMIT (100 + 1)\nBEGIN { @x = LIMIT; }\n", Set.of());
        var value = (Expr.Binary) firstValue(program);
        assertEquals(new Expr.IntLit(100, new SourceSpan("t.bt", 2, 14, 2, 19)), value.left());
    }

    @Test
    void functionMacrosSubstituteArgumentsWhichKeepTheirOwnSpans() {
        Program program = parse("#define MAX(a, b) ((a) > (b) ? (a) : (b))\nBEGIN { @x = MAX(pid, 7); }\n", Set.of());
        var value = (Expr.Ternary) firstValue(program);
        assertEquals(new Expr.Builtin("pid", new SourceSpan("t.bt", 2, 18, 2, 21)), value.ifTrue());
        assertEquals(new SourceSpan("t.bt", 2, 14, 2, 25), value.span());
    }

    @Test
    void macrosUsedInsideMacrosExpandButNeverRecursively() {
        Program program = parse("#define A B + 1\n#define B A\nBEGIN { @x = A; }\n", Set.of());
        assertEquals("A + 1", new AstPrinter().expr(firstValue(program)));
    }

    @Test
    void aMacroAppliesOnlyAfterItsDefinitionAndUntilUndef() {
        Program program = parse("BEGIN { @x = N; }\n#define N 5\nEND { @x = N; }\n#undef N\nEND { @x = N; }\n", Set.of());
        var values = program.probes().stream().map(p -> new AstPrinter().expr(((Stmt.Assign) p.body().statements().get(0)).value())).toList();
        assertEquals(List.of("N", "5", "N"), values);
    }

    @Test
    void conditionalsFollowPredefinedNames() {
        String text = "#ifndef BPFTRACE_HAVE_BTF\nstruct s { int x; };\n#else\n#include <linux/sched.h>\n#endif\nBEGIN { exit(); }\n";
        assertEquals(1, parse(text, Set.of()).structs().size());
        Program withBtf = parse(text, Set.of(ScriptParser.HAVE_BTF));
        assertEquals(0, withBtf.structs().size());
        assertEquals(1, withBtf.includes().size());
        assertEquals(6, withBtf.probes().get(0).span().line());
    }

    @Test
    void ifExpressionsWithDefinedAndElif() {
        String text = "#define V 2\n#if defined(V) && V == 1\nBEGIN { @a = 1; }\n#elif V == 2\nBEGIN { @b = 1; }\n#else\nBEGIN { @c = 1; }\n#endif\n";
        Program program = parse(text, Set.of());
        assertEquals(1, program.probes().size());
        assertEquals("@b", new AstPrinter().expr(((Stmt.Assign) program.probes().get(0).body().statements().get(0)).target()));
    }

    @Test
    void directivesInsideCommentsAreIgnored() {
        Program program = parse("/*\n#include <nothing.h>\n*/\nBEGIN { exit(); }\n", Set.of());
        assertTrue(program.includes().isEmpty());
    }

    @Test
    void theShebangLineIsIgnored() {
        assertEquals(1, parse("#!/usr/bin/env bpftrace\nBEGIN { exit(); }\n", Set.of()).probes().size());
    }

    @Test
    void severalMistakesAreReportedInOneRun() {
        List<Diagnostic> errors = errors("BEGIN { $x = ; }\nkprobe:vfs_read { @ = count() }\nEND { printf(\"%d\\n\" 1); }\n#endif\n");
        assertEquals(List.of("E0112@4:1", "E0101@1:14", "E0101@3:21"),
                errors.stream().map(d -> d.code().id() + "@" + d.span().line() + ":" + d.span().column()).toList());
    }
}

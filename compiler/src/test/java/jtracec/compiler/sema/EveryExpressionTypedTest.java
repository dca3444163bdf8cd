package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jtracec.compiler.Frontend;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Stmt;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Lowering relies on TypedProgram.typeOf for every expression: in a program without errors, each has a real type. */
class EveryExpressionTypedTest {
    @Test
    void everyExpressionOfEveryTypedCorpusScriptAndOneLinerHasAType() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(CorpusTypingTest.shared().resolve("corpus/bpftrace-v0.17-tools"))) {
            scripts = files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
        var sources = new ArrayList<SourceFile>();
        for (Path script : scripts) sources.add(new SourceFile(script.getFileName().toString(), Files.readString(script)));
        String guide = Files.readString(CorpusTypingTest.shared().resolve("reference/bpftrace-v0.17-reference_guide.md"));
        var m = java.util.regex.Pattern.compile("bpftrace(?:\\s+[-\\w]+)*?\\s+-e\\s+'([^']*)'").matcher(guide);
        while (m.find()) sources.add(new SourceFile("guide-" + sources.size(), m.group(1).replace("\\\n", "\n")));
        var missing = new ArrayList<String>();
        int typed = 0;
        for (SourceFile source : sources) {
            var program = new Frontend().analyse(source, SemaFixture.TARGET, new SemaOptions(List.of("1", "2"), true), new Diagnostics());
            if (program.isEmpty()) continue;
            typed++;
            for (TypedProbe probe : program.get().probes()) {
                var exprs = new ArrayList<Expr>();
                probe.probe().predicate().ifPresent(p -> collect(p, exprs));
                collect(probe.probe().body(), exprs);
                for (Expr e : exprs) {
                    try {
                        if (program.get().typeOf(e) instanceof Type.Error) missing.add(e.span() + " has the error type");
                    } catch (IllegalStateException ex) {
                        missing.add(e.span() + " " + e.getClass().getSimpleName());
                    }
                }
            }
        }
        System.out.printf("every expression typed in %d corpus scripts and one-liners%n", typed);
        assertEquals(List.of(), missing);
    }

    static void collect(Stmt stmt, List<Expr> out) {
        switch (stmt) {
            case Stmt.ExprStmt s -> collect(s.expr(), out);
            case Stmt.Assign s -> {
                collect(s.target(), out);
                collect(s.value(), out);
            }
            case Stmt.Block s -> s.statements().forEach(x -> collect(x, out));
            case Stmt.If s -> {
                collect(s.condition(), out);
                collect(s.then(), out);
                s.otherwise().ifPresent(x -> collect(x, out));
            }
            case Stmt.While s -> {
                collect(s.condition(), out);
                collect(s.body(), out);
            }
            case Stmt.Unroll s -> {
                collect(s.count(), out);
                collect(s.body(), out);
            }
            case Stmt.Break s -> { }
            case Stmt.Continue s -> { }
            case Stmt.Return s -> { }
        }
    }

    static void collect(Expr e, List<Expr> out) {
        out.add(e);
        switch (e) {
            case Expr.IntLit x -> { }
            case Expr.StrLit x -> { }
            case Expr.Var x -> { }
            case Expr.MapRef x -> x.keys().forEach(k -> collect(k, out));
            case Expr.Builtin x -> { }
            case Expr.Positional x -> { }
            case Expr.PositionalCount x -> { }
            case Expr.Call x -> x.args().forEach(a -> collect(a, out));
            case Expr.Unary x -> collect(x.operand(), out);
            case Expr.IncDec x -> collect(x.target(), out);
            case Expr.Binary x -> {
                collect(x.left(), out);
                collect(x.right(), out);
            }
            case Expr.Ternary x -> {
                collect(x.condition(), out);
                collect(x.ifTrue(), out);
                collect(x.ifFalse(), out);
            }
            case Expr.FieldAccess x -> collect(x.base(), out);
            case Expr.Index x -> {
                collect(x.base(), out);
                collect(x.index(), out);
            }
            case Expr.TupleIndex x -> collect(x.base(), out);
            case Expr.Tuple x -> x.elements().forEach(a -> collect(a, out));
            case Expr.Cast x -> collect(x.operand(), out);
            case Expr.SizeofType x -> { }
            case Expr.SizeofExpr x -> collect(x.operand(), out);
        }
    }
}

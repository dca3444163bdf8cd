package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Stmt;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;
import org.junit.jupiter.api.Test;

/** Every node's span runs from its first character to just past its last, 1-based, in characters. */
class SpanTest {
    private static SourceSpan at(int line, int column, int endLine, int endColumn) {
        return new SourceSpan("t.bt", line, column, endLine, endColumn);
    }

    private static Probe probe(String text) {
        var diags = new Diagnostics();
        return new ScriptParser(Set.of()).parse(new SourceFile("t.bt", text), diags)
                .orElseThrow(() -> new AssertionError(diags.all().toString())).probes().get(0);
    }

    @Test
    void attachPointsKeepTheirTextPartsAndSpans() {
        Probe probe = probe("uprobe:/bin/bash:readline,\n\tk:vfs_*, uprobe:./app:\"ns::f\" { exit(); }");
        assertEquals(List.of(
                new AttachSpec("uprobe:/bin/bash:readline", List.of("uprobe", "/bin/bash", "readline"), at(1, 1, 1, 26)),
                new AttachSpec("k:vfs_*", List.of("k", "vfs_*"), at(2, 2, 2, 9)),
                new AttachSpec("uprobe:./app:\"ns::f\"", List.of("uprobe", "./app", "ns::f"), at(2, 11, 2, 31))),
                probe.attachPoints());
    }

    @Test
    void predicateBodyAndStatementsHaveExactSpans() {
        Probe probe = probe("kprobe:f /arg2 / 2 > 1/ {\n  @x[pid] = count();\n}");
        Expr predicate = probe.predicate().orElseThrow();
        assertEquals(at(1, 11, 1, 23), predicate.span());
        assertEquals(at(1, 25, 3, 2), probe.body().span());
        var assign = (Stmt.Assign) probe.body().statements().get(0);
        assertEquals(at(2, 3, 2, 20), assign.span());
        assertEquals(at(2, 3, 2, 10), assign.target().span());
        assertEquals(at(2, 13, 2, 20), assign.value().span());
        assertEquals(at(1, 1, 3, 2), probe.span());
    }

    @Test
    void binaryExpressionsSpanBothOperandsAndParenthesesAreNotPartOfTheInner() {
        Probe probe = probe("BEGIN { @x = (1 + 22) * $abc; }");
        var mul = (Expr.Binary) ((Stmt.Assign) probe.body().statements().get(0)).value();
        assertEquals(at(1, 15, 1, 21), mul.left().span());
        assertEquals(at(1, 15, 1, 29), mul.span());
    }

    @Test
    void stringLiteralsAreDecodedAndSpanTheirQuotes() {
        Probe probe = probe("BEGIN { printf(\"a\\tb\\x41\\101\\\"\\n\"); }");
        var call = (Expr.Call) ((Stmt.ExprStmt) probe.body().statements().get(0)).expr();
        assertEquals(new Expr.StrLit("a\tbAA\"\n", at(1, 16, 1, 34)), call.args().get(0));
    }

    @Test
    void integerLiteralsInEveryNotation() {
        Probe probe = probe("BEGIN { @x = (10, 0x1f, 017, 1_000_000, 1e6, 0xffffffffffffffff); }");
        var tuple = (Expr.Tuple) ((Stmt.Assign) probe.body().statements().get(0)).value();
        assertEquals(List.of(10L, 31L, 15L, 1_000_000L, 1_000_000L, -1L),
                tuple.elements().stream().map(e -> ((Expr.IntLit) e).value()).toList());
    }
}

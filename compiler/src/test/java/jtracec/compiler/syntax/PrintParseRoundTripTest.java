package jtracec.compiler.syntax;

import java.util.List;
import java.util.Set;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.IncDecOp;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.ast.TypeName;
import jtracec.compiler.ast.UnOp;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Law: for any expression tree, parsing its printed form gives a tree that prints the same; the
 * printer parenthesises every compound operand, so equal prints mean equal trees (spans aside).
 * This checks precedence, associativity and literal escaping of parser and printer together.
 */
class PrintParseRoundTripTest {
    private static final SourceSpan NOWHERE = new SourceSpan("generated", 1, 1, 1, 1);
    private final AstPrinter printer = new AstPrinter();

    @Property(tries = 400)
    void printedExpressionsParseBackToTheSameTree(@ForAll("expressions") Expr expr) {
        String printed = printer.expr(expr);
        String script = "BEGIN { $r = " + printed + "; }";
        var diags = new Diagnostics();
        var program = new ScriptParser(Set.of()).parse(new SourceFile("generated.bt", script), diags);
        if (program.isEmpty()) throw new AssertionError(script + "\n" + diags.all());
        var assign = (Stmt.Assign) program.get().probes().get(0).body().statements().get(0);
        String again = printer.expr(assign.value());
        if (!again.equals(printed)) throw new AssertionError("printed  " + printed + "\nreparsed " + again);
    }

    @Provide
    Arbitrary<Expr> expressions() {
        return expression(4);
    }

    private Arbitrary<Expr> expression(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.longs().map(v -> new Expr.IntLit(v, NOWHERE)),
                Arbitraries.strings().withChars("ab \"\\\n\t\u0001%x").ofMaxLength(6).map(v -> new Expr.StrLit(v, NOWHERE)),
                Arbitraries.of("x", "y", "count").map(v -> new Expr.Var(v, NOWHERE)),
                Arbitraries.of("pid", "comm", "arg0", "args").map(v -> new Expr.Builtin(v, NOWHERE)),
                Arbitraries.of("", "m", "start").map(v -> new Expr.MapRef(v, List.of(), NOWHERE)),
                Arbitraries.integers().between(1, 9).map(v -> new Expr.Positional(v, NOWHERE)),
                Arbitraries.just(new Expr.PositionalCount(NOWHERE)));
        if (depth == 0) return leaf;
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expression(depth - 1));
        Arbitrary<Expr> target = Arbitraries.oneOf(
                Arbitraries.of("x", "y").map(v -> new Expr.Var(v, NOWHERE)),
                sub.list().ofMaxSize(2).map(keys -> new Expr.MapRef("m", keys, NOWHERE)));
        Arbitrary<TypeName> types = Arbitraries.oneOf(
                Arbitraries.of("uint8", "int16", "uint32", "int64").map(t -> new TypeName(t, 0, 0, NOWHERE)),
                Arbitraries.of("struct task_struct", "struct sock").flatMap(t -> Arbitraries.integers().between(1, 2)
                        .map(d -> new TypeName(t, d, 0, NOWHERE))));
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(4, Combinators.combine(Arbitraries.of(BinOp.class), sub, sub).as((op, l, r) -> new Expr.Binary(op, l, r, NOWHERE))),
                Tuple.of(2, Combinators.combine(Arbitraries.of(UnOp.class), sub).as((op, e) -> new Expr.Unary(op, e, NOWHERE))),
                Tuple.of(1, Combinators.combine(sub, sub, sub).as((c, a, b) -> new Expr.Ternary(c, a, b, NOWHERE))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("str", "printf", "f"), sub.list().ofMaxSize(3))
                        .as((f, args) -> new Expr.Call(f, args, NOWHERE))),
                Tuple.of(1, Combinators.combine(sub, Arbitraries.of("pid", "f_path", "x"), Arbitraries.of(Expr.Access.class))
                        .as((b, f, a) -> new Expr.FieldAccess(b, f, a, NOWHERE))),
                Tuple.of(1, Combinators.combine(sub, sub).as((b, i) -> new Expr.Index(b, i, NOWHERE))),
                Tuple.of(1, Combinators.combine(sub, Arbitraries.integers().between(0, 3)).as((b, i) -> new Expr.TupleIndex(b, i, NOWHERE))),
                Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(es -> new Expr.Tuple(es, NOWHERE))),
                Tuple.of(1, Combinators.combine(types, sub).as((t, e) -> new Expr.Cast(t, e, NOWHERE))),
                Tuple.of(1, types.map(t -> new Expr.SizeofType(t, NOWHERE))),
                Tuple.of(1, sub.map(e -> new Expr.SizeofExpr(e, NOWHERE))),
                Tuple.of(1, sub.list().ofMinSize(1).ofMaxSize(2).map(keys -> new Expr.MapRef("m", keys, NOWHERE))),
                Tuple.of(1, Combinators.combine(Arbitraries.of(IncDecOp.class), target).as((op, t) -> new Expr.IncDec(op, t, NOWHERE))));
    }
}

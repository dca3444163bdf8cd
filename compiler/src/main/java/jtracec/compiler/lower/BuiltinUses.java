package jtracec.compiler.lower;

import java.util.List;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Stmt;

/** Whether a program reads a builtin anywhere, e.g. {@code elapsed}, which needs the start time recorded in BEGIN. */
final class BuiltinUses {
    private final String name;

    BuiltinUses(String name) {
        this.name = name;
    }

    boolean isUsedIn(List<Probe> probes) {
        return probes.stream().anyMatch(p -> p.predicate().map(this::in).orElse(false) || in(p.body()));
    }

    private boolean in(Stmt stmt) {
        return switch (stmt) {
            case Stmt.ExprStmt s -> in(s.expr());
            case Stmt.Assign s -> in(s.target()) || in(s.value());
            case Stmt.Block s -> s.statements().stream().anyMatch(this::in);
            case Stmt.If s -> in(s.condition()) || in(s.then()) || s.otherwise().map(this::in).orElse(false);
            case Stmt.While s -> in(s.condition()) || in(s.body());
            case Stmt.Unroll s -> in(s.count()) || in(s.body());
            case Stmt.Break s -> false;
            case Stmt.Continue s -> false;
            case Stmt.Return s -> false;
        };
    }

    private boolean in(Expr e) {
        return switch (e) {
            case Expr.Builtin b -> b.name().equals(name);
            case Expr.IntLit lit -> false;
            case Expr.StrLit lit -> false;
            case Expr.Var v -> false;
            case Expr.Positional p -> false;
            case Expr.PositionalCount p -> false;
            case Expr.SizeofType s -> false;
            case Expr.MapRef m -> any(m.keys());
            case Expr.Call c -> any(c.args());
            case Expr.Unary u -> in(u.operand());
            case Expr.IncDec i -> in(i.target());
            case Expr.Binary b -> in(b.left()) || in(b.right());
            case Expr.Ternary t -> in(t.condition()) || in(t.ifTrue()) || in(t.ifFalse());
            case Expr.FieldAccess f -> in(f.base());
            case Expr.Index i -> in(i.base()) || in(i.index());
            case Expr.TupleIndex t -> in(t.base());
            case Expr.Tuple t -> any(t.elements());
            case Expr.Cast c -> in(c.operand());
            case Expr.SizeofExpr s -> in(s.operand());
        };
    }

    private boolean any(List<Expr> exprs) {
        return exprs.stream().anyMatch(this::in);
    }
}

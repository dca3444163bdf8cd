package jtracec.compiler.syntax;

import java.util.stream.Collectors;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Include;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Program;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.ast.StructDecl;
import jtracec.compiler.ast.TypeName;

/**
 * Prints an AST as bpftrace source ({@code -d ast}). Every compound sub-expression is
 * parenthesised, so the text parses back to the same tree (spans aside) and printing that tree
 * gives the same text.
 */
public final class AstPrinter {
    private static final String INDENT = "  ";

    public String print(Program program) {
        var out = new StringBuilder();
        for (Include include : program.includes()) {
            out.append("#include ").append(include.isSystem() ? "<" + include.path() + ">" : "\"" + include.path() + "\"").append('\n');
        }
        if (!program.includes().isEmpty()) out.append('\n');
        for (StructDecl struct : program.structs()) {
            out.append("struct ").append(struct.name()).append(" {\n");
            for (StructDecl.Member member : struct.members()) {
                out.append(INDENT).append(type(member.type())).append(' ').append(member.name());
                if (member.type().arrayLength() > 0) out.append('[').append(member.type().arrayLength()).append(']');
                out.append(";\n");
            }
            out.append("};\n\n");
        }
        for (Probe probe : program.probes()) {
            out.append(probe.attachPoints().stream().map(AttachSpec::text).collect(Collectors.joining(",\n")));
            probe.predicate().ifPresent(p -> out.append("\n/").append(expr(p)).append('/'));
            out.append('\n');
            block(probe.body(), 0, out);
            out.append("\n\n");
        }
        return out.toString();
    }

    private static String type(TypeName type) {
        return type.base() + (type.pointerDepth() > 0 ? " " + "*".repeat(type.pointerDepth()) : "");
    }

    private void block(Stmt.Block block, int depth, StringBuilder out) {
        out.append("{\n");
        for (Stmt stmt : block.statements()) {
            out.append(INDENT.repeat(depth + 1));
            statement(stmt, depth + 1, out);
            out.append('\n');
        }
        out.append(INDENT.repeat(depth)).append('}');
    }

    private void statement(Stmt stmt, int depth, StringBuilder out) {
        switch (stmt) {
            case Stmt.ExprStmt s -> out.append(expr(s.expr())).append(';');
            case Stmt.Assign s -> out.append(expr(s.target())).append(' ')
                    .append(s.compound().map(op -> op.symbol()).orElse("")).append("= ").append(expr(s.value())).append(';');
            case Stmt.Block s -> block(s, depth, out);
            case Stmt.If s -> {
                out.append("if (").append(expr(s.condition())).append(") ");
                block(s.then(), depth, out);
                s.otherwise().ifPresent(otherwise -> {
                    out.append(" else ");
                    if (otherwise.statements().size() == 1 && otherwise.statements().get(0) instanceof Stmt.If inner) {
                        statement(inner, depth, out);
                    } else {
                        block(otherwise, depth, out);
                    }
                });
            }
            case Stmt.While s -> {
                out.append("while (").append(expr(s.condition())).append(") ");
                block(s.body(), depth, out);
            }
            case Stmt.Unroll s -> {
                out.append("unroll (").append(expr(s.count())).append(") ");
                block(s.body(), depth, out);
            }
            case Stmt.Break s -> out.append("break;");
            case Stmt.Continue s -> out.append("continue;");
            case Stmt.Return s -> out.append("return;");
        }
    }

    public String expr(Expr e) {
        return switch (e) {
            case Expr.IntLit lit -> lit.value() < 0 ? "0x" + Long.toHexString(lit.value()) : Long.toString(lit.value());
            case Expr.StrLit lit -> quote(lit.value());
            case Expr.Var v -> "$" + v.name();
            case Expr.MapRef m -> "@" + m.name()
                    + (m.keys().isEmpty() ? "" : m.keys().stream().map(this::expr).collect(Collectors.joining(", ", "[", "]")));
            case Expr.Builtin b -> b.name();
            case Expr.Positional p -> "$" + p.index();
            case Expr.PositionalCount p -> "$#";
            case Expr.Call c -> c.function() + c.args().stream().map(this::expr).collect(Collectors.joining(", ", "(", ")"));
            case Expr.Unary u -> u.op().symbol() + operand(u.operand());
            case Expr.IncDec i -> i.op().isPrefix()
                    ? (i.op().isIncrement() ? "++" : "--") + operand(i.target())
                    : operand(i.target()) + (i.op().isIncrement() ? "++" : "--");
            case Expr.Binary b -> operand(b.left()) + " " + b.op().symbol() + " " + operand(b.right());
            case Expr.Ternary t -> operand(t.condition()) + " ? " + operand(t.ifTrue()) + " : " + operand(t.ifFalse());
            case Expr.FieldAccess f -> operand(f.base()) + (f.access() == Expr.Access.ARROW ? "->" : ".") + f.field();
            // @m[k] would read back as a map key, so a keyless map being indexed keeps its parentheses.
            case Expr.Index i -> (i.base() instanceof Expr.MapRef m && m.keys().isEmpty() ? "(" + expr(m) + ")" : operand(i.base()))
                    + "[" + expr(i.index()) + "]";
            case Expr.TupleIndex t -> operand(t.base()) + "." + t.index();
            case Expr.Tuple t -> t.elements().stream().map(this::expr).collect(Collectors.joining(", ", "(", ")"));
            case Expr.Cast c -> "(" + type(c.type()) + ")" + operand(c.operand());
            case Expr.SizeofType s -> "sizeof(" + type(s.type()) + ")";
            case Expr.SizeofExpr s -> "sizeof(" + expr(s.operand()) + ")";
        };
    }

    /** A sub-expression: atoms as they are, everything else in parentheses. */
    private String operand(Expr e) {
        return switch (e) {
            case Expr.IntLit lit when lit.value() >= 0 -> expr(e);
            case Expr.StrLit s -> expr(e);
            case Expr.Var s -> expr(e);
            case Expr.MapRef s -> expr(e);
            case Expr.Builtin s -> expr(e);
            case Expr.Positional s -> expr(e);
            case Expr.PositionalCount s -> expr(e);
            case Expr.Call s -> expr(e);
            case Expr.Tuple s -> expr(e);
            case Expr.SizeofType s -> expr(e);
            case Expr.SizeofExpr s -> expr(e);
            case Expr.FieldAccess s -> expr(e);
            case Expr.Index s -> expr(e);
            case Expr.TupleIndex s -> expr(e);
            default -> "(" + expr(e) + ")";
        };
    }

    private static String quote(String value) {
        var out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) out.append("\\x%02x".formatted((int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}

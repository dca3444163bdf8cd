package jtracec.compiler.sema;

import java.util.stream.Collectors;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.syntax.AstPrinter;

/**
 * Prints what semantic analysis decided ({@code -d sema}): each probe's concrete attach points
 * and program types, every map's key and value types, and the type of every expression statement,
 * assignment and predicate, in the script's terms.
 */
public final class TypedProgramPrinter {
    private final AstPrinter ast = new AstPrinter();

    public String print(TypedProgram program) {
        var out = new StringBuilder();
        for (MapInfo map : program.maps()) {
            out.append("map ").append(map.scriptName())
                    .append(map.keyTypes().stream().map(Compatibility::describe).collect(Collectors.joining(", ", "[", "]")))
                    .append(" : ").append(Compatibility.describe(map.valueType())).append('\n');
        }
        for (TypedProbe probe : program.probes()) {
            out.append("\nprobe ").append(probe.probe().attachPoints().stream().map(AttachSpec::text)
                    .collect(Collectors.joining(", "))).append('\n');
            for (ConcreteProbe point : probe.points()) {
                out.append("  ").append(point.name()).append(" : ").append(point.programType()).append(' ')
                        .append(point.point()).append(point.tracepoint().map(f -> " (format id " + f.id() + ")").orElse(""))
                        .append('\n');
            }
            probe.probe().predicate().ifPresent(p -> typed("  predicate ", p, program, out));
            statements(probe.probe().body(), program, out);
        }
        return out.toString();
    }

    private void statements(Stmt.Block block, TypedProgram program, StringBuilder out) {
        for (Stmt stmt : block.statements()) {
            switch (stmt) {
                case Stmt.ExprStmt s -> typed("  ", s.expr(), program, out);
                case Stmt.Assign s -> {
                    typed("  ", s.target(), program, out);
                    typed("    = ", s.value(), program, out);
                }
                case Stmt.Block s -> statements(s, program, out);
                case Stmt.If s -> {
                    typed("  if ", s.condition(), program, out);
                    statements(s.then(), program, out);
                    s.otherwise().ifPresent(o -> statements(o, program, out));
                }
                case Stmt.While s -> {
                    typed("  while ", s.condition(), program, out);
                    statements(s.body(), program, out);
                }
                case Stmt.Unroll s -> statements(s.body(), program, out);
                case Stmt.Break s -> { }
                case Stmt.Continue s -> { }
                case Stmt.Return s -> { }
            }
        }
    }

    private void typed(String prefix, Expr e, TypedProgram program, StringBuilder out) {
        out.append(prefix).append(ast.expr(e)).append(" : ").append(Compatibility.describe(program.typeOf(e))).append('\n');
    }
}

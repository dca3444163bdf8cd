package jtracec.compiler.ast;

import java.util.List;
import java.util.Optional;
import jtracec.spec.source.SourceSpan;

/** A statement in a probe body. */
public sealed interface Stmt {
    SourceSpan span();

    record ExprStmt(Expr expr, SourceSpan span) implements Stmt {}

    /**
     * {@code target = value} or, with an operator, {@code target op= value}. Target is a Var or
     * MapRef (the grammar rejects anything else).
     */
    record Assign(Expr target, Optional<BinOp> compound, Expr value, SourceSpan span) implements Stmt {}

    record Block(List<Stmt> statements, SourceSpan span) implements Stmt {
        public Block { statements = List.copyOf(statements); }
    }

    /** {@code if (c) {..} else ..}; an else-if chain is an If as the sole statement of the else block. */
    record If(Expr condition, Block then, Optional<Block> otherwise, SourceSpan span) implements Stmt {}

    record While(Expr condition, Block body, SourceSpan span) implements Stmt {}

    /** {@code unroll(n) {..}}: n must be a constant 1..100 (bpftrace's limit). */
    record Unroll(Expr count, Block body, SourceSpan span) implements Stmt {}

    record Break(SourceSpan span) implements Stmt {}

    record Continue(SourceSpan span) implements Stmt {}

    record Return(SourceSpan span) implements Stmt {}
}

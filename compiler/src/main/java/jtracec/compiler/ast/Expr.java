package jtracec.compiler.ast;

import java.util.List;
import jtracec.spec.source.SourceSpan;

/** An expression in a predicate or probe body. The span is the last component, everywhere. */
public sealed interface Expr {
    SourceSpan span();

    /** An integer literal; {@code value} holds the 64 bits (literals above Long.MAX_VALUE wrap, as in C). */
    record IntLit(long value, SourceSpan span) implements Expr {}

    /** A string literal, escapes already decoded. */
    record StrLit(String value, SourceSpan span) implements Expr {}

    /** A scratch variable, {@code $name} (name without the {@code $}). */
    record Var(String name, SourceSpan span) implements Expr {}

    /** A map access, {@code @name[k1, k2]}: name without {@code @} ("" for {@code @}), keys empty for a scalar map. */
    record MapRef(String name, List<Expr> keys, SourceSpan span) implements Expr {
        public MapRef { keys = List.copyOf(keys); }
    }

    /** A builtin variable: {@code pid}, {@code comm}, {@code nsecs}, {@code args}, {@code arg0}, {@code retval}, ... */
    record Builtin(String name, SourceSpan span) implements Expr {}

    /** A positional parameter {@code $1}; index is 1-based. */
    record Positional(int index, SourceSpan span) implements Expr {}

    /** {@code $#}: the number of positional parameters. */
    record PositionalCount(SourceSpan span) implements Expr {}

    /** A function call, {@code printf(...)}, {@code count()}, {@code str(x)}. */
    record Call(String function, List<Expr> args, SourceSpan span) implements Expr {
        public Call { args = List.copyOf(args); }
    }

    record Unary(UnOp op, Expr operand, SourceSpan span) implements Expr {}

    /** {@code x++}, {@code --@y}: target is a Var or MapRef. */
    record IncDec(IncDecOp op, Expr target, SourceSpan span) implements Expr {}

    record Binary(BinOp op, Expr left, Expr right, SourceSpan span) implements Expr {}

    record Ternary(Expr condition, Expr ifTrue, Expr ifFalse, SourceSpan span) implements Expr {}

    /** {@code base.field} or {@code base->field}. */
    record FieldAccess(Expr base, String field, Access access, SourceSpan span) implements Expr {}

    /** {@code base[index]} on a pointer or array (map keys are in MapRef). */
    record Index(Expr base, Expr index, SourceSpan span) implements Expr {}

    /** {@code $t.0}: tuple element by constant index. */
    record TupleIndex(Expr base, int index, SourceSpan span) implements Expr {}

    /** {@code (a, b, c)}: at least two elements. */
    record Tuple(List<Expr> elements, SourceSpan span) implements Expr {
        public Tuple { elements = List.copyOf(elements); }
    }

    /** {@code (type) operand}. */
    record Cast(TypeName type, Expr operand, SourceSpan span) implements Expr {}

    /** {@code sizeof(type)}. */
    record SizeofType(TypeName type, SourceSpan span) implements Expr {}

    /** {@code sizeof(expr)}. */
    record SizeofExpr(Expr operand, SourceSpan span) implements Expr {}

    enum Access { DOT, ARROW }
}

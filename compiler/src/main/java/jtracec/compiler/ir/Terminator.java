package jtracec.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import jtracec.spec.source.SourceSpan;

/**
 * How a block ends. Only a Jump passes arguments; the targets of a Branch take no parameters,
 * so codegen never needs moves on a conditional edge.
 */
public sealed interface Terminator {
    SourceSpan span();

    record Jump(BlockId target, List<Value> args, SourceSpan span) implements Terminator {
        public Jump { args = List.copyOf(args); }

        /** This jump without the arguments at {@code indices}, for a target that lost those parameters. */
        public Jump withoutArgs(Set<Integer> indices) {
            var kept = new ArrayList<Value>();
            for (int i = 0; i < args.size(); i++) {
                if (!indices.contains(i)) kept.add(args.get(i));
            }
            return new Jump(target, kept, span);
        }
    }

    /** To {@code ifTrue} when {@code cond} is non-zero. */
    record Branch(Value cond, BlockId ifTrue, BlockId ifFalse, SourceSpan span) implements Terminator {}

    record Exit(Value result, SourceSpan span) implements Terminator {}

    default List<Value> operands() {
        return switch (this) {
            case Jump j -> j.args();
            case Branch b -> List.of(b.cond());
            case Exit e -> List.of(e.result());
        };
    }

    default List<BlockId> successors() {
        return switch (this) {
            case Jump j -> List.of(j.target());
            case Branch b -> List.of(b.ifTrue(), b.ifFalse());
            case Exit e -> List.of();
        };
    }

    /** The same terminator sending control to {@code f(target)} instead of each target; arguments stay. */
    default Terminator mapTargets(UnaryOperator<BlockId> f) {
        return switch (this) {
            case Jump j -> new Jump(f.apply(j.target()), j.args(), j.span());
            case Branch b -> new Branch(b.cond(), f.apply(b.ifTrue()), f.apply(b.ifFalse()), b.span());
            case Exit e -> e;
        };
    }

    default Terminator mapOperands(UnaryOperator<Value> f) {
        return switch (this) {
            case Jump j -> new Jump(j.target(), j.args().stream().map(f).toList(), j.span());
            case Branch b -> new Branch(f.apply(b.cond()), b.ifTrue(), b.ifFalse(), b.span());
            case Exit e -> new Exit(f.apply(e.result()), e.span());
        };
    }
}

package jtracec.compiler.sema;

import java.util.IdentityHashMap;
import jtracec.compiler.ast.Expr;

/**
 * What type checking resolves besides expression types, keyed by node identity: the type a
 * {@code sizeof(type)} names, where each struct member read lies (for a kfunc's {@code args->x}
 * and {@code retval}, where in the context), and the value of each kernel enum constant a script names.
 */
record Resolutions(IdentityHashMap<Expr.SizeofType, Type> sizeofOperands,
                   IdentityHashMap<Expr, MemberLayout> members,
                   IdentityHashMap<Expr.Builtin, Long> constants) {
    static Resolutions empty() {
        return new Resolutions(new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>());
    }
}

package jtracec.compiler.sema;

import java.util.IdentityHashMap;
import java.util.Map;
import jtracec.compiler.ast.Expr;

/**
 * What type checking resolves besides expression types, keyed by node identity: the type a
 * {@code sizeof(type)} names, where each struct member read lies (for a kfunc's {@code args->x}
 * and {@code retval}, where in the context), the value of each kernel enum constant a script names
 * and of each call resolved at compile time ({@code kaddr}, {@code cgroupid}, {@code cpid}), and
 * for {@code uaddr} the address in each binary its probe attaches to.
 */
record Resolutions(IdentityHashMap<Expr.SizeofType, Type> sizeofOperands,
                   IdentityHashMap<Expr, MemberLayout> members,
                   IdentityHashMap<Expr, Long> constants,
                   IdentityHashMap<Expr, Map<String, Long>> userAddresses) {
    static Resolutions empty() {
        return new Resolutions(new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>());
    }
}

package jtracec.compiler.sema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ast.Expr;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.Signedness;

/**
 * Types bpftrace 0.17's address functions (semantic_analyser.cpp) and resolves those whose value
 * is fixed at compile time: {@code kaddr} against the Target's kallsyms, {@code uaddr} against the
 * data objects of each probed binary, {@code cgroupid} through the Target's cgroup file handles.
 * As in bpftrace, an unknown uaddr symbol is a semantic error; kaddr and cgroupid fail later, in
 * lowering (bpftrace's code generation).
 */
final class AddressCalls {
    private final TypeChecker checker;
    private final CallChecker calls;

    AddressCalls(TypeChecker checker, CallChecker calls) {
        this.checker = checker;
        this.calls = calls;
    }

    /**
     * kaddr("sym"): a uint64, the symbol's address in kallsyms when the target has it. bpftrace
     * 0.17 resolves it in code generation and fails there, so lowering reports a missing symbol.
     */
    Type kaddr(Expr.Call call) {
        return resolvedAtCompileTime(call, checker.target()::kernelSymbolAddress);
    }

    /**
     * uaddr("sym"): a pointer into user memory to an integer as wide as the symbol (1, 2 or 4
     * bytes, else 8), resolved in the binary of every attach point; the sizes must agree.
     */
    Type uaddr(Expr.Call call) {
        List<AttachPoint> points = checker.points();
        if (points.isEmpty() || !points.stream().allMatch(p -> p instanceof AttachPoint.Uprobe || p instanceof AttachPoint.Usdt)) {
            calls.argumentTypes(call);
            return checker.error(Diagnostic.error(SemaCode.CALL_NOT_AVAILABLE, call.span(), "uaddr() can only be used in uprobes and usdt probes")
                    .withHelp("write e.g. uprobe:/bin/bash:readline { printf(\"%d\\n\", *uaddr(\"history_length\")); }"));
        }
        Optional<String> name = literalArgument(call);
        if (name.isEmpty()) return Type.ERROR;
        Map<String, Long> addresses = new HashMap<>();
        Optional<Long> size = Optional.empty();
        for (AttachPoint point : points) {
            String binary = binary(point);
            Optional<Target.UserSymbol> symbol = checker.target().userObject(binary, name.get());
            if (symbol.isEmpty() || symbol.get().address() == 0) {
                return checker.error(Diagnostic.error(SemaCode.UNRESOLVED_NAME, call.args().get(0).span(),
                                "%s has no data symbol %s".formatted(binary, name.get()))
                        .withHelp("uaddr() takes the name of a global or static variable of the probed binary (see nm -D or readelf -s)"));
            }
            if (size.isPresent() && size.get() != symbol.get().size()) {
                return checker.error(SemaCode.UNRESOLVED_NAME, call.args().get(0).span(),
                        "symbol %s has size %d in one probed binary but %d in %s".formatted(name.get(), size.get(), symbol.get().size(), binary));
            }
            size = Optional.of(symbol.get().size());
            addresses.put(binary, symbol.get().address());
        }
        checker.resolutions().userAddresses().put(call, Map.copyOf(addresses));
        long bytes = size.orElse(8L);
        int width = bytes == 1 || bytes == 2 || bytes == 4 ? (int) bytes : 8;
        return new Type.Pointer(new Type.Int(width, Signedness.SIGNED), Type.AddressSpace.USER);
    }

    /**
     * cgroupid("/path"): a uint64, the id when the target has the cgroup. bpftrace 0.17 resolves it
     * in code generation ("Failed to get `cgroupid` for path"), so lowering reports a missing one.
     */
    Type cgroupid(Expr.Call call) {
        return resolvedAtCompileTime(call, checker.target()::cgroupId);
    }

    /** A uint64 constant looked up by the call's string literal; left unresolved (for lowering to report) when the target has none. */
    private Type resolvedAtCompileTime(Expr.Call call, java.util.function.Function<String, Optional<Long>> lookup) {
        Optional<String> name = literalArgument(call);
        if (name.isEmpty()) return Type.ERROR;
        lookup.apply(name.get()).ifPresent(value -> checker.resolutions().constants().put(call, value));
        return Type.UINT64;
    }

    /**
     * macaddr(x): six bytes from an array, a buffer or a string of exactly six bytes, or read
     * through a pointer or an integer address (bpftrace 0.17 rejects a string literal).
     */
    Type macaddr(Expr.Call call) {
        List<Type> types = calls.argumentTypes(call);
        if (!calls.arity(call, 1, 1)) return Type.ERROR;
        Type type = types.get(0);
        Expr argument = call.args().get(0);
        if (type instanceof Type.Error) return Type.ERROR;
        if (argument instanceof Expr.StrLit) {
            return checker.error(SemaCode.ARGUMENT_TYPE, argument.span(), "macaddr() does not take a string literal");
        }
        boolean isBytes = type instanceof Type.Array || type instanceof Type.Str || type instanceof Type.Buffer;
        if (!isBytes && !(type instanceof Type.Int || type instanceof Type.Pointer)) {
            return checker.error(SemaCode.ARGUMENT_TYPE, argument.span(),
                    "macaddr() needs an array or a pointer, not %s".formatted(TypeChecker.describe(type)));
        }
        if (isBytes && CTypeReader.sizeOf(type) != 6) {
            return checker.error(SemaCode.ARGUMENT_TYPE, argument.span(),
                    "macaddr() needs an address of 6 bytes, not %s".formatted(TypeChecker.describe(type)));
        }
        return new Type.MacAddress();
    }

    /** bswap(n): the bytes of n reversed at n's own width, as an unsigned integer of that width. */
    Type bswap(Expr.Call call) {
        List<Type> types = calls.argumentTypes(call);
        if (!calls.arity(call, 1, 1)) return Type.ERROR;
        if (!calls.expect(call, types, 0, t -> t instanceof Type.Int, "an integer")) return Type.ERROR;
        return types.get(0) instanceof Type.Int i ? new Type.Int(i.size(), Signedness.UNSIGNED) : Type.ERROR;
    }

    /**
     * pton("addr"): the address bytes in network order, 4 for IPv4 and 16 for IPv6. bpftrace 0.17
     * takes an address with a '.' as IPv4 (so "::ffff:1.2.3.4" is refused) and one with a ':' as IPv6.
     */
    Type pton(Expr.Call call) {
        Optional<String> text = literalArgument(call);
        if (text.isEmpty()) return Type.ERROR;
        String address = text.get();
        Optional<byte[]> bytes = AddressLiteral.parse(address);
        if (bytes.isEmpty()) {
            return checker.error(Diagnostic.error(SemaCode.ARGUMENT_TYPE, call.args().get(0).span(),
                            "pton() needs an IPv4 or IPv6 address literal, not \"%s\"".formatted(address))
                    .withHelp("write e.g. pton(\"127.0.0.1\") or pton(\"::1\")"));
        }
        return new Type.Array(new Type.Int(1, Signedness.UNSIGNED), bytes.get().length);
    }

    private Optional<String> literalArgument(Expr.Call call) {
        calls.argumentTypes(call);
        if (!calls.arity(call, 1, 1) || !calls.stringLiteral(call, 0)) return Optional.empty();
        return Optional.of(((Expr.StrLit) call.args().get(0)).value());
    }

    private static String binary(AttachPoint point) {
        return switch (point) {
            case AttachPoint.Uprobe u -> u.path();
            case AttachPoint.Usdt u -> u.path();
            default -> throw new IllegalStateException("bug: uaddr() outside a uprobe or usdt probe");
        };
    }
}

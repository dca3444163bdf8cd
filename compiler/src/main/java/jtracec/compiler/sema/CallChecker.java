package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ast.Expr;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.FieldType.StackKind;
import jtracec.spec.object.Signedness;

/**
 * Types the builtin functions of bpftrace 0.17 (reference guide, "Functions" and "Map
 * Functions"): argument counts and kinds, where each may be used, and what it returns.
 */
final class CallChecker {
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "stats", "hist", "lhist");
    private static final Set<String> UNSAFE = Set.of("system", "signal", "override");
    private static final Set<String> NOT_YET = Set.of("skboutput", "unwatch");
    private static final List<String> KNOWN = List.of("printf", "print", "clear", "zero", "delete", "exit", "time", "join",
            "system", "signal", "override", "str", "buf", "ksym", "usym", "kaddr", "uaddr", "reg", "ntop", "cgroupid",
            "macaddr", "bswap", "cat", "kstack", "ustack", "strncmp", "uptr", "kptr", "strftime", "path", "skboutput",
            "unwatch", "strcontains", "pton", "count", "sum", "avg", "min", "max", "stats", "hist", "lhist");

    private final TypeChecker checker;
    private final AddressCalls addresses;

    CallChecker(TypeChecker checker) {
        this.checker = checker;
        this.addresses = new AddressCalls(checker, this);
    }

    static boolean isAggregate(String function) {
        return AGGREGATES.contains(function);
    }

    Type check(Expr.Call call) {
        String name = call.function();
        if (isAggregate(name)) {
            argumentTypes(call);
            return checker.error(Diagnostic.error(SemaCode.AGGREGATE_OUTSIDE_MAP, call.span(),
                            "%s() can only be assigned to a map".formatted(name))
                    .withHelp("write e.g. @x = %s(%s); and print the map".formatted(name, name.equals("count") ? "" : "...")));
        }
        if (UNSAFE.contains(name) && !checker.options().isUnsafeAllowed()) {
            argumentTypes(call);
            return checker.error(Diagnostic.error(SemaCode.UNSAFE_FUNCTION, call.span(),
                            "%s() is unsafe and needs --unsafe".formatted(name))
                    .withHelp("run with --unsafe if you mean it"));
        }
        if (NOT_YET.contains(name)) {
            argumentTypes(call);
            return checker.error(SemaCode.UNSUPPORTED, call.span(), "%s() is not supported by jtracec yet".formatted(name));
        }
        return switch (name) {
            case "printf", "system", "cat" -> formatted(call, 1);
            case "print" -> print(call);
            case "clear", "zero" -> wholeMap(call);
            case "delete" -> delete(call);
            case "exit" -> arity(call, 0, 0) ? Type.VOID : Type.ERROR;
            case "time" -> {
                if (!arity(call, 0, 1)) yield Type.ERROR;
                if (call.args().size() == 1) stringLiteral(call, 0);
                yield Type.VOID;
            }
            case "join" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 2)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Pointer || t instanceof Type.Int, "a pointer");
                if (call.args().size() == 2) stringLiteral(call, 1);
                yield Type.VOID;
            }
            case "signal" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 1)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Int || t instanceof Type.Str, "a signal number or name");
                yield Type.VOID;
            }
            case "override" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 1)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Int, "an integer");
                if (!checker.points().stream().allMatch(p -> p instanceof AttachPoint.Kprobe k && k.end() == AttachPoint.ProbeEnd.ENTRY)) {
                    yield checker.error(SemaCode.CALL_NOT_AVAILABLE, call.span(), "override() can only be used in kprobes");
                }
                yield Type.VOID;
            }
            case "str" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 2)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Pointer || t instanceof Type.Int || t instanceof Type.Str
                        || t instanceof Type.Array, "a pointer to a string");
                // bpftrace 0.17: the length bounds the read, the type stays string[BPFTRACE_STRLEN] (64 by default).
                if (call.args().size() == 2) expect(call, types, 1, t -> t instanceof Type.Int, "an integer length");
                yield new Type.Str(checker.options().stringSize());
            }
            case "buf" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 2)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Pointer || t instanceof Type.Int || t instanceof Type.Array, "a pointer");
                int size = checker.options().stringSize();
                if (call.args().size() == 2) {
                    expect(call, types, 1, t -> t instanceof Type.Int, "an integer length");
                    Optional<Long> length = checker.constant(call.args().get(1));
                    if (length.isPresent() && length.get() > 0 && length.get() < size) size = (int) (long) length.get();
                } else if (types.get(0) instanceof Type.Array array) {
                    size = Math.min(size, CTypeReader.sizeOf(array));
                }
                yield new Type.Buffer(size);
            }
            case "strftime" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 2, 2)) yield Type.ERROR;
                boolean literal = stringLiteral(call, 0);
                if (!expect(call, types, 1, t -> t instanceof Type.Int, "an integer (nanoseconds, e.g. nsecs)") || !literal) yield Type.ERROR;
                yield new Type.Timestamp();
            }
            case "path" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 1)) yield Type.ERROR;
                // bpftrace 0.17: bpf_d_path exists only for tracing (fentry/fexit) programs
                if (!checker.points().stream().allMatch(p -> p instanceof AttachPoint.Kfunc)) {
                    yield checker.error(Diagnostic.error(SemaCode.CALL_NOT_AVAILABLE, call.span(),
                                    "path() can only be used in kfunc and kretfunc probes")
                            .withHelp("read the path in a kfunc probe, e.g. kfunc:vfs_open { printf(\"%s\\n\", path(args->path)); }"));
                }
                if (!expect(call, types, 0, t -> t instanceof Type.Pointer || t instanceof Type.Struct, "a struct path pointer")) {
                    yield Type.ERROR;
                }
                yield new Type.Str(checker.options().stringSize());
            }
            case "ntop" -> ntop(call);
            case "ksym" -> unaryInteger(call, new Type.KernelSymbol());
            case "usym" -> unaryInteger(call, new Type.UserSymbol());
            case "kaddr" -> addresses.kaddr(call);
            case "uaddr" -> addresses.uaddr(call);
            case "cgroupid" -> addresses.cgroupid(call);
            case "macaddr" -> addresses.macaddr(call);
            case "bswap" -> addresses.bswap(call);
            case "reg" -> stringLiteralCall(call, Type.UINT64);
            case "kstack", "ustack" -> stack(call, name.equals("kstack") ? StackKind.KERNEL : StackKind.USER);
            case "strncmp" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 3, 3)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Str, "a string");
                expect(call, types, 1, t -> t instanceof Type.Str, "a string");
                constantArgument(call, 2);
                yield Type.INT64;
            }
            case "strcontains" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 2, 2)) yield Type.ERROR;
                expect(call, types, 0, t -> t instanceof Type.Str, "a string");
                expect(call, types, 1, t -> t instanceof Type.Str, "a string");
                yield Type.UINT64;
            }
            case "pton" -> addresses.pton(call);
            case "uptr", "kptr" -> {
                List<Type> types = argumentTypes(call);
                if (!arity(call, 1, 1)) yield Type.ERROR;
                Type.AddressSpace space = name.equals("uptr") ? Type.AddressSpace.USER : Type.AddressSpace.KERNEL;
                yield switch (types.get(0)) {
                    case Type.Pointer p -> new Type.Pointer(p.pointee(), space);
                    case Type.Int i -> new Type.Pointer(Type.UINT64, space);
                    case Type.Error e -> Type.ERROR;
                    default -> checker.error(SemaCode.ARGUMENT_TYPE, call.args().get(0).span(),
                            "%s() needs a pointer, not %s".formatted(name, TypeChecker.describe(types.get(0))));
                };
            }
            default -> {
                argumentTypes(call);
                String nearest = ProbeExpander.nearest(name, KNOWN);
                yield checker.error(Diagnostic.error(SemaCode.UNKNOWN_FUNCTION, call.span(), "unknown function %s()".formatted(name))
                        .withHelp(nearest.isEmpty() ? "see the Functions section of the bpftrace reference guide"
                                : "did you mean %s()?".formatted(nearest)));
            }
        };
    }

    /** The value of an aggregation assigned to a map, e.g. {@code @x = hist(retval)}. */
    Type aggregate(Expr.Call call) {
        List<Type> types = argumentTypes(call);
        String name = call.function();
        checker.record(call, Type.ERROR);
        Type.AggregateKind kind = Type.AggregateKind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        if (kind == Type.AggregateKind.COUNT) {
            return checker.record(call, arity(call, 0, 0) ? new Type.Aggregate(kind, Signedness.UNSIGNED, List.of()) : Type.ERROR);
        }
        int arity = kind == Type.AggregateKind.LHIST ? 4 : 1;
        if (!arity(call, arity, arity)) return Type.ERROR;
        if (!expect(call, types, 0, t -> t instanceof Type.Int, "an integer")) return Type.ERROR;
        Signedness signedness = types.get(0) instanceof Type.Int i ? i.signedness() : Signedness.SIGNED;
        var parameters = new ArrayList<Long>();
        if (kind == Type.AggregateKind.LHIST) {
            for (int i = 1; i < 4; i++) {
                Optional<Long> value = constantArgument(call, i);
                if (value.isEmpty()) return Type.ERROR;
                parameters.add(value.get());
            }
            long min = parameters.get(0);
            long max = parameters.get(1);
            long step = parameters.get(2);
            if (min < 0 || max <= min || step <= 0) {
                return checker.error(Diagnostic.error(SemaCode.ARGUMENT_TYPE, call.span(),
                                "lhist(value, min, max, step) needs 0 <= min < max and step > 0")
                        .withHelp("e.g. lhist($x, 0, 100, 10)"));
            }
            if ((max - min) / step > 1000) {
                return checker.error(SemaCode.ARGUMENT_TYPE, call.span(), "lhist() would have more than 1000 buckets");
            }
        }
        return checker.record(call, new Type.Aggregate(kind, signedness, parameters));
    }

    // ------------------------------------------------------------------ shapes of calls

    private Type formatted(Expr.Call call, int minimum) {
        List<Type> types = argumentTypes(call);
        if (call.args().size() < minimum || !(call.args().get(0) instanceof Expr.StrLit format)) {
            return checker.error(Diagnostic.error(SemaCode.ARGUMENT_TYPE, call.args().isEmpty() ? call.span() : call.args().get(0).span(),
                            "%s() needs a format string literal first".formatted(call.function()))
                    .withHelp("write e.g. %s(\"%%d\\n\", pid)".formatted(call.function())));
        }
        List<Expr> arguments = call.args().subList(1, call.args().size());
        for (int i = 0; i < arguments.size(); i++) {
            if (!isValue(types.get(i + 1))) return printableError(call, arguments.get(i), types.get(i + 1));
        }
        FormatChecker.check(call.function(), format, arguments, types.subList(1, types.size()), call.span(), checker.diags());
        return Type.VOID;
    }

    private Type printableError(Expr.Call call, Expr argument, Type type) {
        return checker.error(Diagnostic.error(SemaCode.ARGUMENT_TYPE, argument.span(),
                        "%s() cannot print %s".formatted(call.function(), TypeChecker.describe(type)))
                .withHelp(type instanceof Type.Aggregate ? "print a whole map with print(@map)" : "pass a value"));
    }

    private static boolean isValue(Type type) {
        return !(type instanceof Type.Void || type instanceof Type.Aggregate || type instanceof Type.Context);
    }

    private Type print(Expr.Call call) {
        if (!arity(call, 1, 3)) {
            argumentTypes(call);
            return Type.ERROR;
        }
        Expr first = call.args().get(0);
        if (first instanceof Expr.MapRef map && map.keys().isEmpty()) {
            checker.wholeMap(map);
        } else if (first instanceof Expr.MapRef map) {
            // bpftrace 0.17 prints whole maps only
            checker.type(first);
            checker.error(Diagnostic.error(SemaCode.NOT_A_MAP, first.span(), "the map passed to print() should not be indexed by a key")
                    .withHelp("print the whole map with print(@%s), or the value with printf".formatted(map.name())));
        } else {
            Type type = checker.type(first);
            if (!(type instanceof Type.Error) && !isValue(type)) printableError(call, first, type);
        }
        for (int i = 1; i < call.args().size(); i++) constantArgument(call, i);
        return Type.VOID;
    }

    private Type wholeMap(Expr.Call call) {
        if (!arity(call, 1, 1)) {
            argumentTypes(call);
            return Type.ERROR;
        }
        if (!(call.args().get(0) instanceof Expr.MapRef map) || !map.keys().isEmpty()) {
            argumentTypes(call);
            return checker.error(Diagnostic.error(SemaCode.NOT_A_MAP, call.args().get(0).span(),
                            "%s() needs a whole map, e.g. @name".formatted(call.function()))
                    .withHelp("to remove one element, use delete(@name[key])"));
        }
        checker.wholeMap(map);
        return Type.VOID;
    }

    private Type delete(Expr.Call call) {
        if (!arity(call, 1, 1)) {
            argumentTypes(call);
            return Type.ERROR;
        }
        if (!(call.args().get(0) instanceof Expr.MapRef map)) {
            argumentTypes(call);
            return checker.error(SemaCode.NOT_A_MAP, call.args().get(0).span(), "delete() needs a map element, e.g. @name[key]");
        }
        Optional<MapTable.Entry> entry = checker.maps().find(map.name());
        if (entry.isEmpty()) {
            checker.keyTypes(map);
            checker.wholeMap(map);
            return Type.ERROR;
        }
        checker.type(map);
        return Type.VOID;
    }

    private Type stack(Expr.Call call, StackKind kind) {
        if (!arity(call, 0, 2)) {
            argumentTypes(call);
            return Type.ERROR;
        }
        int frames = TypeChecker.DEFAULT_STACK_FRAMES;
        for (Expr argument : call.args()) {
            if (argument instanceof Expr.Builtin mode && (mode.name().equals("perf") || mode.name().equals("bpftrace")
                    || mode.name().equals("raw"))) {
                checker.record(argument, Type.VOID);
                continue;
            }
            checker.type(argument);
            Optional<Long> value = checker.constant(argument);
            if (value.isEmpty() || value.get() < 1 || value.get() > 1024) {
                return checker.error(Diagnostic.error(SemaCode.ARGUMENT_TYPE, argument.span(),
                                "%s() takes a stack mode (perf, bpftrace, raw) and a frame limit from 1 to 1024".formatted(call.function()))
                        .withHelp("e.g. %s(perf, 10)".formatted(call.function())));
            }
            frames = (int) (long) value.get();
        }
        return new Type.Stack(kind, frames);
    }

    private Type unaryInteger(Expr.Call call, Type result) {
        List<Type> types = argumentTypes(call);
        if (!arity(call, 1, 1)) return Type.ERROR;
        return expect(call, types, 0, t -> t instanceof Type.Int || t instanceof Type.Pointer, "an address") ? result : Type.ERROR;
    }

    private Type stringLiteralCall(Expr.Call call, Type result) {
        argumentTypes(call);
        if (!arity(call, 1, 1)) return Type.ERROR;
        return stringLiteral(call, 0) ? result : Type.ERROR;
    }

    // ------------------------------------------------------------------ argument checks

    List<Type> argumentTypes(Expr.Call call) {
        return call.args().stream().map(checker::type).toList();
    }

    boolean arity(Expr.Call call, int minimum, int maximum) {
        int count = call.args().size();
        if (count >= minimum && count <= maximum) return true;
        String expected = minimum == maximum ? Integer.toString(minimum) : minimum + " to " + maximum;
        checker.error(SemaCode.ARGUMENT_COUNT, call.span(), "%s() takes %s argument%s, not %d".formatted(call.function(),
                expected, maximum == 1 ? "" : "s", count));
        return false;
    }

    boolean expect(Expr.Call call, List<Type> types, int index, java.util.function.Predicate<Type> fits, String wanted) {
        Type type = types.get(index);
        if (type instanceof Type.Error || fits.test(type)) return true;
        checker.error(SemaCode.ARGUMENT_TYPE, call.args().get(index).span(), "argument %d of %s() must be %s, not %s"
                .formatted(index + 1, call.function(), wanted, TypeChecker.describe(type)));
        return false;
    }

    boolean stringLiteral(Expr.Call call, int index) {
        Expr argument = call.args().get(index);
        checker.type(argument);
        if (argument instanceof Expr.StrLit) return true;
        checker.error(SemaCode.ARGUMENT_TYPE, argument.span(), "argument %d of %s() must be a string literal"
                .formatted(index + 1, call.function()));
        return false;
    }

    private Optional<Long> constantArgument(Expr.Call call, int index) {
        Expr argument = call.args().get(index);
        checker.type(argument);
        Optional<Long> value = checker.constant(argument);
        if (value.isEmpty()) {
            checker.error(SemaCode.NOT_A_CONSTANT, argument.span(), "argument %d of %s() must be an integer constant"
                    .formatted(index + 1, call.function()));
        }
        return value;
    }

    /** ntop([af, ] addr): bpftrace 0.17 takes an integer or a 4- or 16-byte array (or char array) as the address. */
    private Type ntop(Expr.Call call) {
        List<Type> types = argumentTypes(call);
        if (!arity(call, 1, 2)) return Type.ERROR;
        int address = call.args().size() - 1;
        if (address == 1) expect(call, types, 0, t -> t instanceof Type.Int, "an address family");
        Type type = types.get(address);
        if (!expect(call, types, address, t -> t instanceof Type.Int || t instanceof Type.Str || t instanceof Type.Array,
                "an integer or an array of 4 or 16 bytes")) {
            return Type.ERROR;
        }
        if ((type instanceof Type.Str || type instanceof Type.Array) && CTypeReader.sizeOf(type) != 4 && CTypeReader.sizeOf(type) != 16) {
            return checker.error(SemaCode.ARGUMENT_TYPE, call.args().get(address).span(),
                    "ntop() needs an address of 4 or 16 bytes, not %s".formatted(TypeChecker.describe(type)));
        }
        return new Type.Inet();
    }
}

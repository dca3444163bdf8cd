package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Include;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.ast.UnOp;
import jtracec.spec.diag.Code;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.diag.Note;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.FieldType.StackKind;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceSpan;

/**
 * Types every expression of one probe, checks statements, and fixes map types in the shared
 * {@link MapTable}. After it, each expression it visited has a type in {@code types} (ERROR
 * where a diagnostic was reported), and every map written has key and value types.
 */
final class TypeChecker {
    static final int DEFAULT_STACK_FRAMES = 127;
    private static final Set<String> UINT64_BUILTINS = Set.of("pid", "tid", "uid", "gid", "cpu", "nsecs", "elapsed",
            "rand", "cgroup", "numaid", "jiffies");

    private final SemaOptions options;
    private final Target target;
    private final StructLayouts structs;
    private final CTypeReader ctypes;
    private final MapTable maps;
    private final IdentityHashMap<Expr, Type> types;
    private final Resolutions resolutions;
    private final Diagnostics diags;
    private final Round round;
    private final TypedProbe probe;
    private final List<Include> unfoundHeaders;
    private final CallChecker calls;
    private final Map<String, Variable> variables = new HashMap<>();
    private int loopDepth;

    private record Variable(Type type, SourceSpan firstAssignment) {}

    /**
     * Which of Sema's rounds this is. EXPLORE rounds only fix map types (their diagnostics are
     * dropped); CHECK is the one that reports.
     */
    enum Round { EXPLORE, CHECK }

    TypeChecker(SemaOptions options, Target target, StructLayouts structs, MapTable maps, IdentityHashMap<Expr, Type> types,
                Resolutions resolutions, Diagnostics diags, Round round, TypedProbe probe, List<Include> unfoundHeaders) {
        this.options = options;
        this.target = target;
        this.structs = structs;
        this.ctypes = new CTypeReader(structs);
        this.maps = maps;
        this.types = types;
        this.resolutions = resolutions;
        this.diags = diags;
        this.round = round;
        this.probe = probe;
        this.unfoundHeaders = List.copyOf(unfoundHeaders);
        this.calls = new CallChecker(this);
    }

    void check() {
        probe.probe().predicate().ifPresent(predicate -> {
            Type type = type(predicate);
            if (!isTruthValue(type)) {
                error(SemaCode.INVALID_OPERANDS, predicate.span(),
                        "a predicate must be an integer or pointer, not %s".formatted(describe(type)));
            }
        });
        block(probe.probe().body());
    }

    // ------------------------------------------------------------------ services for CallChecker

    SemaOptions options() {
        return options;
    }

    /** The kernel and binaries compile-time calls ({@code kaddr}, {@code uaddr}, {@code cgroupid}) resolve against. */
    Target target() {
        return target;
    }

    Resolutions resolutions() {
        return resolutions;
    }

    TypedProbe probe() {
        return probe;
    }

    MapTable maps() {
        return maps;
    }

    Diagnostics diags() {
        return diags;
    }

    Type record(Expr expr, Type type) {
        types.put(expr, type);
        return type;
    }

    Type error(Code code, SourceSpan span, String message) {
        diags.report(Diagnostic.error(code, span, message));
        return Type.ERROR;
    }

    Type error(Diagnostic diagnostic) {
        diags.report(diagnostic);
        return Type.ERROR;
    }

    static String describe(Type type) {
        return Compatibility.describe(type);
    }

    static boolean isInteger(Type type) {
        return type instanceof Type.Int || type instanceof Type.Error;
    }

    static boolean isTruthValue(Type type) {
        return type instanceof Type.Int || type instanceof Type.Pointer || type instanceof Type.Error;
    }

    /** The kinds of attach point this probe has (all of them must allow a builtin or call). */
    List<AttachPoint> points() {
        return probe.points().stream().map(ConcreteProbe::point).toList();
    }

    // ------------------------------------------------------------------ statements

    private void block(Stmt.Block block) {
        for (Stmt stmt : block.statements()) statement(stmt);
    }

    private void statement(Stmt stmt) {
        switch (stmt) {
            case Stmt.ExprStmt s -> type(s.expr());
            case Stmt.Assign s -> assign(s);
            case Stmt.Block s -> block(s);
            case Stmt.If s -> {
                condition(s.condition());
                block(s.then());
                s.otherwise().ifPresent(this::block);
            }
            case Stmt.While s -> {
                condition(s.condition());
                loopDepth++;
                block(s.body());
                loopDepth--;
            }
            case Stmt.Unroll s -> {
                Type count = type(s.count());
                Optional<Long> value = constant(s.count());
                if (value.isEmpty()) {
                    if (!(count instanceof Type.Error)) {
                        error(Diagnostic.error(SemaCode.NOT_A_CONSTANT, s.count().span(), "unroll needs a constant count")
                                .withHelp("write e.g. unroll(5) { ... }"));
                    }
                } else if (value.get() < 1 || value.get() > 100) {
                    error(SemaCode.UNROLL_COUNT_RANGE, s.count().span(),
                            "unroll count must be between 1 and 100, not %d".formatted(value.get()));
                }
                block(s.body());
            }
            case Stmt.Break s -> loopControl(s.span(), "break");
            case Stmt.Continue s -> loopControl(s.span(), "continue");
            case Stmt.Return s -> { }
        }
    }

    private void loopControl(SourceSpan span, String keyword) {
        if (loopDepth == 0) {
            error(Diagnostic.error(SemaCode.LOOP_CONTROL_OUTSIDE_LOOP, span, "%s outside a while loop".formatted(keyword))
                    .withHelp("use return to leave the probe early"));
        }
    }

    private void condition(Expr condition) {
        Type type = type(condition);
        if (!isTruthValue(type)) {
            error(SemaCode.INVALID_OPERANDS, condition.span(),
                    "a condition must be an integer or pointer, not %s".formatted(describe(type)));
        }
    }

    private void assign(Stmt.Assign s) {
        switch (s.target()) {
            case Expr.Var v -> assignVariable(s, v);
            case Expr.MapRef m -> assignMap(s, m);
            default -> throw new IllegalStateException("bug: grammar allows only $var and @map targets: " + s.target());
        }
    }

    private void assignVariable(Stmt.Assign s, Expr.Var v) {
        if (s.compound().isPresent()) {
            Type current = variable(v);
            Type value = type(s.value());
            arithmetic(s.compound().get(), current, value, s.span(), s.value());
            return;
        }
        Type value = type(s.value());
        if (value instanceof Type.Aggregate) {
            // bpftrace 0.17 allows copying a count()/sum()/... map value into a variable; jtracec not yet.
            record(v, error(Diagnostic.error(SemaCode.UNSUPPORTED, s.value().span(),
                            "copying the %s value of a map into $%s is not supported by jtracec yet".formatted(describe(value), v.name()))
                    .withHelp("print the map with print(...) instead")));
            return;
        }
        if (value instanceof Type.Void || value instanceof Type.Context) {
            record(v, Type.ERROR);
            noValue(s.value(), value);
            return;
        }
        Variable existing = variables.get(v.name());
        if (existing == null) {
            variables.put(v.name(), new Variable(value, v.span()));
            record(v, value);
            return;
        }
        Optional<Type> merged = Compatibility.merge(existing.type(), value);
        if (merged.isEmpty()) {
            record(v, existing.type());
            error(Diagnostic.error(SemaCode.VARIABLE_TYPE_MISMATCH, s.value().span(),
                            "$%s holds %s, so it cannot be assigned %s".formatted(v.name(), describe(existing.type()), describe(value)))
                    .withNote(Note.at(existing.firstAssignment(), "$%s is first assigned here".formatted(v.name()))));
            return;
        }
        variables.put(v.name(), new Variable(merged.get(), existing.firstAssignment()));
        record(v, merged.get());
    }

    private void assignMap(Stmt.Assign s, Expr.MapRef m) {
        List<Type> keys = keyTypes(m);
        Type value;
        if (s.compound().isPresent()) {
            Type right = type(s.value());
            Type current = maps.find(m.name()).map(MapTable.Entry::valueType).orElse(Type.INT64);
            value = arithmetic(s.compound().get(), current, right, s.span(), s.value());
        } else if (s.value() instanceof Expr.Call call && CallChecker.isAggregate(call.function())) {
            value = calls.aggregate(call);
        } else {
            value = type(s.value());
            if (value instanceof Type.Void || value instanceof Type.Context) {
                value = noValue(s.value(), value);
            }
        }
        record(m, write(m, keys, MapTable.stored(value), s.value().span()));
    }

    private Type noValue(Expr value, Type type) {
        String what = value instanceof Expr.Call call ? call.function() + "() returns no value"
                : type instanceof Type.Context ? "args is a record; assign one of its fields, e.g. args->name"
                : "%s has no value".formatted(describe(type));
        return error(SemaCode.INVALID_ASSIGNMENT, value.span(), what);
    }

    /** Records a write of a map; returns the map's value type after it. */
    Type write(Expr.MapRef m, List<Type> keys, Type value, SourceSpan valueSpan) {
        Optional<MapTable.Entry> existing = maps.find(m.name());
        if (existing.isEmpty()) {
            if (!(value instanceof Type.Error) && keys.stream().noneMatch(k -> k instanceof Type.Error)) {
                maps.put(new MapTable.Entry(m.name(), keys, value, m.span()));
            }
            return value;
        }
        MapTable.Entry entry = existing.get();
        List<Type> mergedKeys = checkKeys(m, keys, entry);
        Optional<Type> merged = Compatibility.merge(entry.valueType(), value);
        if (merged.isEmpty()) {
            error(Diagnostic.error(SemaCode.MAP_TYPE_MISMATCH, valueSpan,
                            "map %s holds %s, so it cannot be assigned %s".formatted(scriptName(m), describe(entry.valueType()), describe(value)))
                    .withNote(Note.at(entry.firstUse(), "%s is first assigned here".formatted(scriptName(m)))));
            return entry.valueType();
        }
        maps.put(new MapTable.Entry(entry.name(), mergedKeys, merged.get(), entry.firstUse()));
        return merged.get();
    }

    private List<Type> checkKeys(Expr.MapRef m, List<Type> keys, MapTable.Entry entry) {
        if (keys.size() != entry.keyTypes().size()) {
            error(Diagnostic.error(SemaCode.MAP_KEY_COUNT, m.span(),
                            "map %s has %d key%s here but %d where it is first used".formatted(scriptName(m), keys.size(),
                                    keys.size() == 1 ? "" : "s", entry.keyTypes().size()))
                    .withNote(Note.at(entry.firstUse(), "%s is first used here".formatted(scriptName(m)))));
            return entry.keyTypes();
        }
        var merged = new ArrayList<Type>();
        for (int i = 0; i < keys.size(); i++) {
            Optional<Type> key = Compatibility.merge(entry.keyTypes().get(i), keys.get(i));
            if (key.isEmpty()) {
                error(Diagnostic.error(SemaCode.MAP_TYPE_MISMATCH, m.keys().get(i).span(),
                                "key %d of map %s is %s, not %s".formatted(i + 1, scriptName(m),
                                        describe(entry.keyTypes().get(i)), describe(keys.get(i))))
                        .withNote(Note.at(entry.firstUse(), "%s is first used here".formatted(scriptName(m)))));
                merged.add(entry.keyTypes().get(i));
            } else {
                merged.add(key.get());
            }
        }
        return merged;
    }

    List<Type> keyTypes(Expr.MapRef m) {
        var keys = new ArrayList<Type>();
        for (Expr key : m.keys()) {
            Type type = type(key);
            if (type instanceof Type.Void || type instanceof Type.Aggregate || type instanceof Type.Context) {
                error(SemaCode.INVALID_OPERANDS, key.span(), "%s cannot be a map key".formatted(describe(type)));
                type = Type.ERROR;
            }
            keys.add(MapTable.stored(type));
        }
        return keys;
    }

    static String scriptName(Expr.MapRef m) {
        return "@" + m.name();
    }

    // ------------------------------------------------------------------ expressions

    Type type(Expr e) {
        return record(e, switch (e) {
            case Expr.IntLit lit -> Type.INT64;
            case Expr.StrLit lit -> new Type.Str(lit.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1);
            case Expr.Var v -> variable(v);
            case Expr.MapRef m -> readMap(m);
            case Expr.Builtin b -> builtin(b);
            case Expr.Positional p -> positional(p);
            case Expr.PositionalCount p -> Type.INT64;
            case Expr.Call c -> calls.check(c);
            case Expr.Unary u -> unary(u);
            case Expr.IncDec i -> incDec(i);
            case Expr.Binary b -> binary(b);
            case Expr.Ternary t -> ternary(t);
            case Expr.FieldAccess f -> field(f);
            case Expr.Index i -> index(i);
            case Expr.TupleIndex t -> tupleIndex(t);
            case Expr.Tuple t -> tuple(t);
            case Expr.Cast c -> cast(c);
            case Expr.SizeofType s -> {
                resolutions.sizeofOperands().put(s, namedType(s.type().base(), s.type().pointerDepth(), s.type().span()));
                yield Type.UINT64;
            }
            case Expr.SizeofExpr s -> {
                type(s.operand());
                yield Type.UINT64;
            }
        });
    }

    private Type variable(Expr.Var v) {
        Variable variable = variables.get(v.name());
        if (variable == null) {
            return error(Diagnostic.error(SemaCode.UNDEFINED_VARIABLE, v.span(), "$%s is read before it is assigned".formatted(v.name()))
                    .withHelp("assign $%s earlier in this probe; scratch variables live for one probe".formatted(v.name())));
        }
        return record(v, variable.type());
    }

    private Type readMap(Expr.MapRef m) {
        List<Type> keys = keyTypes(m);
        Optional<MapTable.Entry> entry = maps.find(m.name());
        if (entry.isEmpty()) {
            return error(Diagnostic.error(SemaCode.UNDEFINED_MAP, m.span(), "map %s is read but never written".formatted(scriptName(m)))
                    .withHelp("assign %s somewhere, e.g. %s = count();".formatted(scriptName(m), scriptName(m))));
        }
        checkKeys(m, keys, entry.get());
        return entry.get().valueType();
    }

    /** A map named as a whole (print, clear, zero): must be written somewhere. */
    Type wholeMap(Expr.MapRef m) {
        Optional<MapTable.Entry> entry = maps.find(m.name());
        if (entry.isEmpty()) {
            return record(m, error(Diagnostic.error(SemaCode.UNDEFINED_MAP, m.span(), "map %s is used but never written".formatted(scriptName(m)))
                    .withHelp("assign %s somewhere, e.g. %s = count();".formatted(scriptName(m), scriptName(m)))));
        }
        return record(m, entry.get().valueType());
    }

    private Type positional(Expr.Positional p) {
        List<String> params = options.positionalParams();
        if (p.index() < 1 || p.index() > params.size()) return Type.INT64;
        String value = params.get(p.index() - 1);
        try {
            Long.decode(value);
            return Type.INT64;
        } catch (NumberFormatException e) {
            return new Type.Str(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1);
        }
    }

    private Type builtin(Expr.Builtin b) {
        String name = b.name();
        if (UINT64_BUILTINS.contains(name)) return Type.UINT64;
        return switch (name) {
            case "comm" -> new Type.Str(16);
            case "curtask" -> new Type.Pointer(ctypes.base("struct task_struct", Type.AddressSpace.KERNEL), Type.AddressSpace.KERNEL);
            case "probe" -> new Type.Str(probe.points().stream().mapToInt(p -> p.name().length()).max().orElse(0) + 1);
            case "kstack" -> new Type.Stack(StackKind.KERNEL, DEFAULT_STACK_FRAMES);
            case "ustack" -> new Type.Stack(StackKind.USER, DEFAULT_STACK_FRAMES);
            case "func" -> func(b);
            case "retval" -> retval(b);
            case "args" -> args(b);
            case "username" -> error(SemaCode.UNSUPPORTED, b.span(), "username is not supported by jtracec yet");
            case "cpid" -> childPid(b);
            default -> argument(b).or(() -> enumerator(b)).orElseGet(() -> unknownIdentifier(b));
        };
    }

    /** cpid: the pid of the -c command, a uint32 constant (bpftrace 0.17 fails without -c in semantic analysis too). */
    private Type childPid(Expr.Builtin b) {
        if (options.childPid().isEmpty()) {
            return error(Diagnostic.error(SemaCode.BUILTIN_NOT_AVAILABLE, b.span(), "cpid cannot be used without a child command")
                    .withHelp("run the command to trace with -c, e.g. jtracec -c '/bin/ls -l' -e '...'"));
        }
        resolutions.constants().put(b, options.childPid().get());
        return Type.UINT32;
    }

    /** A kernel enum constant (TCP_FIN_WAIT1), from BTF as bpftrace 0.17 takes it when it parses kernel types. */
    private Optional<Type> enumerator(Expr.Builtin b) {
        var value = structs.enumerator(b.name());
        if (value.isEmpty()) return Optional.empty();
        resolutions.constants().put(b, value.getAsLong());
        return Optional.of(Type.INT64);
    }

    private Type unknownIdentifier(Expr.Builtin b) {
        var diagnostic = Diagnostic.error(SemaCode.UNKNOWN_IDENTIFIER, b.span(), "unknown identifier '%s'".formatted(b.name()));
        // A constant the script expects from a header that is not on this machine (kernel-internal
        // headers such as <linux/sched.h> ship only with a kernel build tree) is the likely cause.
        for (Include header : unfoundHeaders) {
            diagnostic = diagnostic.withNote(Note.at(header.span(),
                    "%s is not on this machine's include path, so its #defines are unknown".formatted(
                            header.isSystem() ? "<" + header.path() + ">" : "\"" + header.path() + "\"")));
        }
        return error(diagnostic
                .withHelp("builtins are pid, tid, uid, gid, comm, nsecs, elapsed, cpu, curtask, probe, func, args, arg0..argN, retval, ..."
                        + " ; scratch variables start with $ and maps with @"));
    }

    private Type notAvailable(Expr.Builtin b, String where) {
        return error(Diagnostic.error(SemaCode.BUILTIN_NOT_AVAILABLE, b.span(),
                        "%s is not available in %s".formatted(b.name(), probe.points().isEmpty() ? "this probe" : probe.points().get(0).name()))
                .withHelp("%s can be used in %s".formatted(b.name(), where)));
    }

    private Type func(Expr.Builtin b) {
        boolean kernel = points().stream().allMatch(p -> p instanceof AttachPoint.Kprobe || p instanceof AttachPoint.Kfunc);
        boolean user = points().stream().allMatch(p -> p instanceof AttachPoint.Uprobe);
        if (kernel && !points().isEmpty()) return new Type.KernelSymbol();
        if (user && !points().isEmpty()) return new Type.UserSymbol();
        return notAvailable(b, "kprobe, kretprobe, uprobe, uretprobe, kfunc and kretfunc probes");
    }

    private Type retval(Expr.Builtin b) {
        boolean returns = !points().isEmpty() && points().stream().allMatch(p ->
                p instanceof AttachPoint.Kprobe k && k.end() == AttachPoint.ProbeEnd.RETURN
                        || p instanceof AttachPoint.Uprobe u && u.end() == AttachPoint.ProbeEnd.RETURN);
        if (returns) return Type.UINT64;
        if (!points().isEmpty() && points().stream().allMatch(p -> p instanceof AttachPoint.Kfunc k && k.end() == AttachPoint.ProbeEnd.RETURN)) {
            return kfuncReturn(b);
        }
        return notAvailable(b, "kretprobe and uretprobe probes");
    }

    /** arg0..argN and sarg0..sargN: raw 64-bit arguments of kprobes, uprobes and usdt probes. */
    private Optional<Type> argument(Expr.Builtin b) {
        String name = b.name();
        String digits = name.startsWith("sarg") ? name.substring(4) : name.startsWith("arg") ? name.substring(3) : "";
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) return Optional.empty();
        boolean allowed = !points().isEmpty() && points().stream().allMatch(p ->
                p instanceof AttachPoint.Kprobe k && k.end() == AttachPoint.ProbeEnd.ENTRY
                        || p instanceof AttachPoint.Uprobe u && u.end() == AttachPoint.ProbeEnd.ENTRY
                        || p instanceof AttachPoint.Usdt);
        if (!allowed) return Optional.of(notAvailable(b, "kprobe, uprobe and usdt probes"));
        if (name.startsWith("arg") && Integer.parseInt(digits) > 5 && points().stream().noneMatch(p -> p instanceof AttachPoint.Usdt)) {
            return Optional.of(error(SemaCode.BUILTIN_NOT_AVAILABLE, b.span(),
                    "%s is out of range: functions have arguments arg0..arg5 in registers".formatted(name)));
        }
        return Optional.of(Type.UINT64);
    }

    private Type args(Expr.Builtin b) {
        if (!points().isEmpty() && points().stream().allMatch(p -> p instanceof AttachPoint.Tracepoint || p instanceof AttachPoint.Kfunc)) {
            return new Type.Context("args");
        }
        if (points().stream().anyMatch(p -> p instanceof AttachPoint.Uprobe)) {
            return error(SemaCode.UNSUPPORTED, b.span(), "args in this probe needs BTF or DWARF, which jtracec does not read yet");
        }
        return notAvailable(b, "tracepoint probes");
    }

    private Type unary(Expr.Unary u) {
        Type operand = type(u.operand());
        if (operand instanceof Type.Error) return Type.ERROR;
        return switch (u.op()) {
            case NEG -> operand instanceof Type.Int i ? new Type.Int(8, i.signedness()) : badOperand(u, operand);
            case BIT_NOT -> operand instanceof Type.Int i ? new Type.Int(8, i.signedness()) : badOperand(u, operand);
            case LOGICAL_NOT -> isTruthValue(operand) ? Type.INT64 : badOperand(u, operand);
            // bpftrace reads 64 bits of kernel memory at an integer address (e.g. *kaddr("avenrun")).
            case DEREF -> switch (operand) {
                case Type.Pointer p when !(p.pointee() instanceof Type.Void) -> p.pointee();
                case Type.Int i -> Type.UINT64;
                default -> badOperand(u, operand);
            };
            case ADDRESS_OF -> new Type.Pointer(operand, Type.AddressSpace.KERNEL);
        };
    }

    private Type badOperand(Expr.Unary u, Type operand) {
        return error(SemaCode.INVALID_OPERANDS, u.span(),
                "operator %s cannot be applied to %s".formatted(u.op().symbol(), describe(operand)));
    }

    private Type incDec(Expr.IncDec i) {
        String symbol = i.op().isIncrement() ? "++" : "--";
        return switch (i.target()) {
            case Expr.Var v -> {
                Type type = variable(v);
                if (type instanceof Type.Error) yield Type.ERROR;
                yield type instanceof Type.Int ? type : error(SemaCode.INVALID_OPERANDS, i.span(),
                        "%s needs an integer, and $%s is %s".formatted(symbol, v.name(), describe(type)));
            }
            case Expr.MapRef m -> {
                List<Type> keys = keyTypes(m);
                Type current = maps.find(m.name()).map(MapTable.Entry::valueType).orElse(Type.INT64);
                if (!(current instanceof Type.Int || current instanceof Type.Error)) {
                    record(m, current);
                    yield error(SemaCode.INVALID_OPERANDS, i.span(),
                            "%s needs an integer, and map %s holds %s".formatted(symbol, scriptName(m), describe(current)));
                }
                yield record(m, write(m, keys, Type.INT64, i.span()));
            }
            default -> {
                type(i.target());
                yield Type.ERROR;  // reported by the parser (E0107)
            }
        };
    }

    private Type binary(Expr.Binary b) {
        Type left = type(b.left());
        Type right = type(b.right());
        if (left instanceof Type.Error || right instanceof Type.Error) {
            // bpftrace 0.17 types every non-pointer binop as a 64-bit integer whatever its operands
            // (SemanticAnalyser::visit(Binop)), so @n = @n + 1 fixes @n as u64 in its first pass: a
            // map not typed yet is "none", which is not signed. Only while exploring: the checking
            // round keeps the error, which reports the operand's own mistake.
            if (round == Round.EXPLORE) return b.op().isLogical() || b.op().isComparison() ? Type.INT64 : Type.UINT64;
            return Type.ERROR;
        }
        if (b.op().isLogical()) {
            return isTruthValue(left) && isTruthValue(right) ? Type.INT64 : badOperands(b, left, right);
        }
        if (b.op() == BinOp.EQ || b.op() == BinOp.NE) {
            // bpftrace 0.17 types string and buffer comparisons as uint64.
            if (left instanceof Type.Str && right instanceof Type.Str) return Type.UINT64;
            if (left instanceof Type.Buffer && right instanceof Type.Buffer) return Type.UINT64;
            return isTruthValue(left) && isTruthValue(right) ? Type.INT64 : badOperands(b, left, right);
        }
        if (b.op().isComparison()) {
            return isTruthValue(left) && isTruthValue(right) ? Type.INT64 : badOperands(b, left, right);
        }
        return arithmetic(b.op(), left, right, b.span(), b.right());
    }

    private Type arithmetic(BinOp op, Type left, Type right, SourceSpan span, Expr rightExpr) {
        if (left instanceof Type.Error || right instanceof Type.Error) return Type.ERROR;
        if ((op == BinOp.DIV || op == BinOp.MOD) && constant(rightExpr).filter(v -> v == 0).isPresent()) {
            diags.report(Diagnostic.warning(SemaCode.DIVISION_BY_ZERO, rightExpr.span(),
                            "%s by zero".formatted(op == BinOp.DIV ? "division" : "modulo"))
                    .withNote("BPF defines x / 0 as 0 and x % 0 as x"));
        }
        if ((op == BinOp.ADD || op == BinOp.SUB) && left instanceof Type.Pointer && right instanceof Type.Int) return left;
        if (left instanceof Type.Int l && right instanceof Type.Int r) {
            boolean unsigned = l.signedness() == Signedness.UNSIGNED || r.signedness() == Signedness.UNSIGNED;
            return unsigned ? Type.UINT64 : Type.INT64;
        }
        if ((left instanceof Type.Int || left instanceof Type.Pointer) && (right instanceof Type.Int || right instanceof Type.Pointer)) {
            return Type.UINT64;
        }
        return error(SemaCode.INVALID_OPERANDS, span,
                "operator %s cannot be applied to %s and %s".formatted(op.symbol(), describe(left), describe(right)));
    }

    private Type badOperands(Expr.Binary b, Type left, Type right) {
        return error(SemaCode.INVALID_OPERANDS, b.span(),
                "operator %s cannot be applied to %s and %s".formatted(b.op().symbol(), describe(left), describe(right)));
    }

    private Type ternary(Expr.Ternary t) {
        condition(t.condition());
        Type ifTrue = type(t.ifTrue());
        Type ifFalse = type(t.ifFalse());
        if (ifTrue instanceof Type.Error || ifFalse instanceof Type.Error) return Type.ERROR;
        if (ifTrue instanceof Type.Int l && ifFalse instanceof Type.Int r) {
            return l.signedness() == Signedness.UNSIGNED && r.signedness() == Signedness.UNSIGNED ? Type.UINT64 : Type.INT64;
        }
        if (ifTrue instanceof Type.Void && ifFalse instanceof Type.Void) return Type.VOID;
        Optional<Type> merged = Compatibility.merge(ifTrue, ifFalse);
        if (merged.isPresent() && !(ifTrue instanceof Type.Aggregate)) return merged.get();
        return error(SemaCode.INVALID_OPERANDS, t.span(),
                "the branches of ?: have different types, %s and %s".formatted(describe(ifTrue), describe(ifFalse)));
    }

    private Type field(Expr.FieldAccess f) {
        Type base = type(f.base());
        return switch (base) {
            case Type.Error e -> Type.ERROR;
            case Type.Context c -> tracepointField(f);
            case Type.Pointer p when p.pointee() instanceof Type.Struct s -> {
                if (f.access() != Expr.Access.ARROW) {
                    yield error(Diagnostic.error(SemaCode.NOT_A_STRUCT, f.span(), "%s is a pointer; use -> to reach its fields".formatted(describe(base)))
                            .withHelp("write ->%s".formatted(f.field())));
                }
                yield member(s, f, p.space());
            }
            case Type.Struct s -> {
                if (f.access() != Expr.Access.DOT) {
                    yield error(Diagnostic.error(SemaCode.NOT_A_STRUCT, f.span(), "%s is not a pointer; use . to reach its fields".formatted(describe(base)))
                            .withHelp("write .%s".formatted(f.field())));
                }
                yield member(s, f, Type.AddressSpace.KERNEL);
            }
            default -> error(SemaCode.NOT_A_STRUCT, f.span(),
                    "%s has no fields: %s is %s".formatted(f.field(), "the left side", describe(base)));
        };
    }

    private Type member(Type.Struct struct, Expr.FieldAccess f, Type.AddressSpace space) {
        if (!structs.isKnown(struct.name())) return unknownStruct(struct.name(), f.span());
        Optional<StructLayouts.Member> member = structs.member(struct.name(), f.field());
        if (member.isEmpty()) {
            var names = structs.memberNames(struct.name());
            var diagnostic = Diagnostic.error(SemaCode.UNKNOWN_FIELD, f.span(),
                    "%s has no field %s".formatted(describe(struct), f.field()));
            return error(names.isEmpty() ? diagnostic : diagnostic.withHelp("its fields are " + String.join(", ", names.size() > 24
                    ? names.subList(0, 24) : names) + (names.size() > 24 ? ", ..." : "")));
        }
        resolutions.members().put(f, member.get().layout());
        return withSpace(member.get().type(), space);
    }

    private Type unknownStruct(String name, SourceSpan span) {
        String where = structs.kernel().isPresent() ? "nor in this kernel's BTF" : "and this kernel has no BTF";
        return error(Diagnostic.error(SemaCode.UNKNOWN_STRUCT, span,
                        "struct %s is unknown: it is not declared in the script %s".formatted(name, where))
                .withHelp("declare it in the script: struct %s { ... };".formatted(name)));
    }

    private static Type withSpace(Type type, Type.AddressSpace space) {
        return type instanceof Type.Pointer p ? new Type.Pointer(p.pointee(), space) : type;
    }

    /** kretfunc's retval, typed by the function's BTF signature (the same in every function the probe attaches to). */
    private Type kfuncReturn(Expr.Builtin b) {
        Type result = null;
        for (ConcreteProbe point : probe.points()) {
            var function = ((AttachPoint.Kfunc) point.point()).function();
            var signature = structs.kernel().flatMap(btf -> btf.signature(function));
            if (signature.isEmpty()) return noSignature(b.span(), point);
            Type type = new BtfTypeReader(structs.kernel().get()).read(signature.get().returnType());
            var here = MemberLayout.whole(8 * signature.get().parameters().size());
            if (result != null && (!result.equals(type) || !here.equals(resolutions.members().get(b)))) {
                return error(SemaCode.ARGS_FIELD_MISMATCH, b.span(), "retval has different types or places in the functions of this probe");
            }
            resolutions.members().put(b, here);
            result = type;
        }
        return result == null ? Type.ERROR : result;
    }

    private Type noSignature(SourceSpan span, ConcreteProbe point) {
        return error(Diagnostic.error(SemaCode.UNKNOWN_FIELD, span,
                        "the arguments of %s are unknown: %s".formatted(point.name(),
                                structs.kernel().isPresent() ? "this kernel's BTF does not describe the function" : "this kernel has no BTF"))
                .withHelp("use a kprobe with arg0..arg5 instead"));
    }

    /** kfunc's args->name: the function's parameter of that name, at 8 bytes per parameter in the context (as fentry lays them). */
    private Type kfuncArgument(Expr.FieldAccess f) {
        Type result = null;
        MemberLayout layout = null;
        for (ConcreteProbe point : probe.points()) {
            if (!(point.point() instanceof AttachPoint.Kfunc kfunc)) continue;
            var signature = structs.kernel().flatMap(btf -> btf.signature(kfunc.function()));
            if (signature.isEmpty()) return noSignature(f.span(), point);
            var parameters = signature.get().parameters();
            int index = -1;
            for (int i = 0; i < parameters.size(); i++) if (parameters.get(i).name().equals(f.field())) index = i;
            if (index < 0) {
                return error(Diagnostic.error(SemaCode.UNKNOWN_FIELD, f.span(), "%s has no argument %s".formatted(point.name(), f.field()))
                        .withHelp("its arguments are " + String.join(", ", parameters.stream().map(jtracec.spec.kernel.BtfType.Parameter::name)
                                .filter(n -> !n.isEmpty()).toList())));
            }
            Type type = new BtfTypeReader(structs.kernel().get()).read(parameters.get(index).type());
            var here = MemberLayout.whole(8 * index);
            if (result != null && (!result.equals(type) || !layout.equals(here))) {
                return error(Diagnostic.error(SemaCode.ARGS_FIELD_MISMATCH, f.span(),
                                "args->%s has different types or places in the functions of this probe".formatted(f.field()))
                        .withHelp("split the probe so that each part reads one signature"));
            }
            result = type;
            layout = here;
        }
        if (result == null) return Type.ERROR;
        resolutions.members().put(f, layout);
        return result;
    }

    private Type tracepointField(Expr.FieldAccess f) {
        if (probe.points().stream().anyMatch(p -> p.point() instanceof AttachPoint.Kfunc)) return kfuncArgument(f);
        Type result = null;
        for (ConcreteProbe point : probe.points()) {
            Optional<TracepointFormat> format = point.tracepoint();
            if (format.isEmpty()) continue;
            Optional<TracepointField> field = format.get().field(f.field());
            if (field.isEmpty()) {
                String names = String.join(", ", format.get().fields().stream().map(TracepointField::name)
                        .filter(n -> !n.startsWith("common_")).toList());
                return error(Diagnostic.error(SemaCode.UNKNOWN_FIELD, f.span(),
                                "%s has no field %s".formatted(point.name(), f.field()))
                        .withHelp("its fields are " + names));
            }
            Type.AddressSpace space = format.get().category().equals("syscalls") ? Type.AddressSpace.USER : Type.AddressSpace.KERNEL;
            Type type = ctypes.field(field.get(), space);
            if (result != null && !result.equals(type)) {
                return error(Diagnostic.error(SemaCode.ARGS_FIELD_MISMATCH, f.span(),
                                "args->%s has different types in the tracepoints of this probe".formatted(f.field()))
                        .withHelp("split the probe so that each part reads one layout"));
            }
            result = type;
        }
        return result == null ? Type.ERROR : result;
    }

    private Type index(Expr.Index i) {
        Type base = type(i.base());
        Type index = type(i.index());
        if (!isInteger(index)) error(SemaCode.INVALID_OPERANDS, i.index().span(), "an index must be an integer, not %s".formatted(describe(index)));
        return switch (base) {
            case Type.Error e -> Type.ERROR;
            case Type.Array a -> {
                constant(i.index()).filter(v -> v < 0 || v >= a.length()).ifPresent(v ->
                        error(SemaCode.INVALID_OPERANDS, i.index().span(), "index %d is out of bounds for %s".formatted(v, describe(base))));
                yield a.element();
            }
            case Type.Pointer p when !(p.pointee() instanceof Type.Void) -> p.pointee();
            default -> error(SemaCode.INVALID_OPERANDS, i.span(), "%s cannot be indexed".formatted(describe(base)));
        };
    }

    private Type tupleIndex(Expr.TupleIndex t) {
        Type base = type(t.base());
        if (base instanceof Type.Error) return Type.ERROR;
        if (!(base instanceof Type.Tuple tuple)) {
            return error(SemaCode.INVALID_OPERANDS, t.span(), "%s is not a tuple, so .%d means nothing".formatted(describe(base), t.index()));
        }
        if (t.index() < 0 || t.index() >= tuple.elements().size()) {
            return error(SemaCode.TUPLE_INDEX_OUT_OF_RANGE, t.span(),
                    "tuple index %d is out of range: the tuple has %d elements".formatted(t.index(), tuple.elements().size()));
        }
        return tuple.elements().get(t.index());
    }

    private Type tuple(Expr.Tuple t) {
        var elements = new ArrayList<Type>();
        for (Expr element : t.elements()) {
            Type type = type(element);
            if (type instanceof Type.Void || type instanceof Type.Aggregate || type instanceof Type.Context) {
                error(SemaCode.INVALID_OPERANDS, element.span(), "%s cannot be a tuple element".formatted(describe(type)));
                type = Type.ERROR;
            }
            elements.add(type);
        }
        return elements.stream().anyMatch(e -> e instanceof Type.Error) ? Type.ERROR : new Type.Tuple(elements);
    }

    private Type cast(Expr.Cast c) {
        Type operand = type(c.operand());
        Type target = namedType(c.type().base(), c.type().pointerDepth(), c.type().span());
        if (operand instanceof Type.Error || target instanceof Type.Error) return Type.ERROR;
        if (!(operand instanceof Type.Int || operand instanceof Type.Pointer)) {
            return error(SemaCode.INVALID_OPERANDS, c.span(), "cannot cast %s to %s".formatted(describe(operand), describe(target)));
        }
        if (target instanceof Type.Pointer p && operand instanceof Type.Pointer q) return new Type.Pointer(p.pointee(), q.space());
        if (!(target instanceof Type.Int || target instanceof Type.Pointer)) {
            return error(SemaCode.INVALID_OPERANDS, c.span(), "cannot cast to %s; cast to an integer or a pointer".formatted(describe(target)));
        }
        return target;
    }

    private Type namedType(String base, int pointerDepth, SourceSpan span) {
        boolean isAggregateName = base.startsWith("struct ") || base.startsWith("union ") || base.startsWith("enum ");
        if (!isAggregateName && CTypeReader.integer(base).isEmpty() && !base.equals("void")) {
            return error(Diagnostic.error(SemaCode.UNKNOWN_TYPE, span, "unknown type %s".formatted(base))
                    .withHelp("types are uint8 ... int64, C integer names such as char or unsigned long, and struct NAME"));
        }
        Type type = ctypes.base(base, Type.AddressSpace.KERNEL);
        if (pointerDepth == 0 && type instanceof Type.Struct s && !structs.isKnown(s.name())) return unknownStruct(s.name(), span);
        for (int i = 0; i < pointerDepth; i++) type = new Type.Pointer(type, Type.AddressSpace.KERNEL);
        return type;
    }

    /** The value of an integer constant expression (literals, unary minus, positional numbers). */
    Optional<Long> constant(Expr e) {
        return switch (e) {
            case Expr.IntLit lit -> Optional.of(lit.value());
            case Expr.Unary u when u.op() == UnOp.NEG -> constant(u.operand()).map(v -> -v);
            case Expr.Positional p -> {
                List<String> params = options.positionalParams();
                if (p.index() < 1 || p.index() > params.size()) yield Optional.of(0L);
                try {
                    yield Optional.of(Long.decode(params.get(p.index() - 1)));
                } catch (NumberFormatException ex) {
                    yield Optional.empty();
                }
            }
            case Expr.PositionalCount p -> Optional.of((long) options.positionalParams().size());
            case Expr.Builtin b -> Optional.ofNullable(resolutions.constants().get(b));
            default -> Optional.empty();
        };
    }
}

package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Program;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.sema.ConcreteProbe;
import jtracec.compiler.sema.MapInfo;
import jtracec.compiler.sema.Type;
import jtracec.compiler.sema.TypedProbe;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceSpan;

/**
 * Builds typed programs for back-end tests without the front end: AST by factory methods, types by
 * a small inference covering the constructs the tests use (what Sema will compute for them).
 */
public final class TestScripts {
    public static final SourceSpan SPAN = new SourceSpan("test.bt", 1, 1, 1, 10);

    private final List<Probe> probes = new ArrayList<>();
    private final List<ConcreteProbe> points = new ArrayList<>();

    public static Expr.IntLit num(long v) { return new Expr.IntLit(v, span()); }
    public static Expr.StrLit str(String v) { return new Expr.StrLit(v, span()); }
    public static Expr.Builtin builtin(String name) { return new Expr.Builtin(name, span()); }
    public static Expr.Var var(String name) { return new Expr.Var(name, span()); }
    public static Expr.MapRef map(String name, Expr... keys) { return new Expr.MapRef(name, List.of(keys), span()); }
    public static Expr.Call call(String f, Expr... args) { return new Expr.Call(f, List.of(args), span()); }
    public static Expr.Binary bin(BinOp op, Expr l, Expr r) { return new Expr.Binary(op, l, r, span()); }
    public static Expr.Ternary ternary(Expr c, Expr t, Expr f) { return new Expr.Ternary(c, t, f, span()); }
    public static Expr.FieldAccess args(String field) {
        return new Expr.FieldAccess(builtin("args"), field, Expr.Access.ARROW, span());
    }
    public static Stmt.ExprStmt stmt(Expr e) { return new Stmt.ExprStmt(e, span()); }
    public static Stmt.Assign assign(Expr target, Expr value) { return new Stmt.Assign(target, Optional.empty(), value, span()); }
    public static Stmt.Assign compound(Expr target, BinOp op, Expr value) { return new Stmt.Assign(target, Optional.of(op), value, span()); }
    public static Stmt.Block block(Stmt... stmts) { return new Stmt.Block(List.of(stmts), span()); }
    public static Stmt.If ifElse(Expr c, Stmt.Block then, Stmt.Block otherwise) { return new Stmt.If(c, then, Optional.of(otherwise), span()); }
    public static Stmt.If ifThen(Expr c, Stmt.Block then) { return new Stmt.If(c, then, Optional.empty(), span()); }
    public static Stmt.While whileLoop(Expr c, Stmt.Block body) { return new Stmt.While(c, body, span()); }

    private static int line = 1;

    /** Distinct spans, so line-info tests can tell constructs apart. */
    private static SourceSpan span() {
        int l = line++;
        return new SourceSpan("test.bt", l, 1, l, 10);
    }

    public static ConcreteProbe begin() {
        return new ConcreteProbe("BEGIN", new AttachPoint.Begin(), ProgramType.RAW_TRACEPOINT, Optional.empty(), span());
    }

    public static ConcreteProbe kprobe(String function) {
        return new ConcreteProbe("kprobe:" + function, new AttachPoint.Kprobe(function, 0, AttachPoint.ProbeEnd.ENTRY),
                ProgramType.KPROBE, Optional.empty(), span());
    }

    public static ConcreteProbe kretprobe(String function) {
        return new ConcreteProbe("kretprobe:" + function, new AttachPoint.Kprobe(function, 0, AttachPoint.ProbeEnd.RETURN),
                ProgramType.KPROBE, Optional.empty(), span());
    }

    /** sys_exit_read's format on x86-64. */
    public static ConcreteProbe sysExitRead() {
        var format = new TracepointFormat("syscalls", "sys_exit_read", 700, List.of(
                new TracepointField("common_type", "unsigned short", 0, 2, false),
                new TracepointField("common_flags", "unsigned char", 2, 1, false),
                new TracepointField("common_preempt_count", "unsigned char", 3, 1, false),
                new TracepointField("common_pid", "int", 4, 4, true),
                new TracepointField("__syscall_nr", "int", 8, 4, true),
                new TracepointField("ret", "long", 16, 8, true)));
        return new ConcreteProbe("tracepoint:syscalls:sys_exit_read",
                new AttachPoint.Tracepoint("syscalls", "sys_exit_read"), ProgramType.TRACEPOINT, Optional.of(format), span());
    }

    /** sys_enter_openat's format on x86-64. */
    public static ConcreteProbe sysEnterOpenat() {
        var format = new TracepointFormat("syscalls", "sys_enter_openat", 701, List.of(
                new TracepointField("common_type", "unsigned short", 0, 2, false),
                new TracepointField("common_pid", "int", 4, 4, true),
                new TracepointField("__syscall_nr", "int", 8, 4, true),
                new TracepointField("dfd", "int", 16, 8, true),
                new TracepointField("filename", "const char *", 24, 8, false),
                new TracepointField("flags", "int", 32, 8, true),
                new TracepointField("mode", "umode_t", 40, 8, false)));
        return new ConcreteProbe("tracepoint:syscalls:sys_enter_openat",
                new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), ProgramType.TRACEPOINT, Optional.of(format), span());
    }

    public TestScripts probe(ConcreteProbe point, Stmt... body) {
        return probe(point, Optional.empty(), body);
    }

    public TestScripts probe(ConcreteProbe point, Optional<Expr> predicate, Stmt... body) {
        var attach = new AttachSpec(point.name(), List.of(point.name().split(":")), span());
        probes.add(new Probe(List.of(attach), predicate, new Stmt.Block(List.of(body), span()), span()));
        points.add(point);
        return this;
    }

    public TypedProgram typed() {
        var typer = new Typer();
        for (int i = 0; i < probes.size(); i++) typer.probe(probes.get(i), points.get(i));
        var program = new Program(List.of(), List.of(), probes, new SourceSpan("test.bt", 1, 1, 1, 1));
        var typedProbes = new ArrayList<TypedProbe>();
        for (int i = 0; i < probes.size(); i++) typedProbes.add(new TypedProbe(probes.get(i), List.of(points.get(i))));
        return new TypedProgram(program, typedProbes, List.copyOf(typer.maps.values()), typer.types, new java.util.IdentityHashMap<>(), List.of());
    }

    private static final class Typer {
        final IdentityHashMap<Expr, Type> types = new IdentityHashMap<>();
        final Map<String, MapInfo> maps = new LinkedHashMap<>();
        Map<String, Type> vars = new HashMap<>();
        ConcreteProbe point;

        void probe(Probe probe, ConcreteProbe point) {
            this.point = point;
            vars = new HashMap<>();
            probe.predicate().ifPresent(this::type);
            stmt(probe.body());
        }

        void stmt(Stmt s) {
            switch (s) {
                case Stmt.ExprStmt e -> type(e.expr());
                case Stmt.Assign a -> {
                    Type value = type(a.value());
                    if (a.value() instanceof Expr.Call c) value = aggregate(c).orElse(value);
                    switch (a.target()) {
                        case Expr.Var v -> {
                            vars.putIfAbsent(v.name(), value);
                            types.put(v, vars.get(v.name()));
                        }
                        case Expr.MapRef m -> {
                            List<Type> keys = m.keys().stream().map(this::type).toList();
                            maps.putIfAbsent(m.name(), new MapInfo(m.name(), keys, value, m.span()));
                            types.put(m, maps.get(m.name()).valueType());
                        }
                        default -> throw new IllegalArgumentException("target");
                    }
                }
                case Stmt.Block b -> b.statements().forEach(this::stmt);
                case Stmt.If i -> {
                    type(i.condition());
                    stmt(i.then());
                    i.otherwise().ifPresent(this::stmt);
                }
                case Stmt.While w -> {
                    type(w.condition());
                    stmt(w.body());
                }
                case Stmt.Unroll u -> stmt(u.body());
                case Stmt.Break b -> { }
                case Stmt.Continue c -> { }
                case Stmt.Return r -> { }
            }
        }

        Optional<Type> aggregate(Expr.Call c) {
            Type.AggregateKind kind = switch (c.function()) {
                case "count" -> Type.AggregateKind.COUNT;
                case "sum" -> Type.AggregateKind.SUM;
                case "min" -> Type.AggregateKind.MIN;
                case "max" -> Type.AggregateKind.MAX;
                case "avg" -> Type.AggregateKind.AVG;
                case "stats" -> Type.AggregateKind.STATS;
                case "hist" -> Type.AggregateKind.HIST;
                case "lhist" -> Type.AggregateKind.LHIST;
                default -> null;
            };
            if (kind == null) return Optional.empty();
            var params = c.args().stream().skip(1).filter(a -> a instanceof Expr.IntLit)
                    .map(a -> ((Expr.IntLit) a).value()).toList();
            return Optional.of(new Type.Aggregate(kind, Signedness.SIGNED, params));
        }

        Type type(Expr e) {
            Type t = switch (e) {
                case Expr.IntLit i -> Type.INT64;
                case Expr.StrLit s -> new Type.Str(s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1);
                case Expr.Var v -> vars.getOrDefault(v.name(), Type.INT64);
                case Expr.MapRef m -> {
                    m.keys().forEach(this::type);
                    yield maps.containsKey(m.name()) ? maps.get(m.name()).valueType() : Type.INT64;
                }
                case Expr.Builtin b -> switch (b.name()) {
                    case "comm" -> new Type.Str(16);
                    case "probe" -> new Type.Str(point.name().length() + 1);
                    case "args" -> new Type.Context(point.name());
                    case "retval" -> Type.INT64;
                    default -> Type.UINT64;
                };
                case Expr.Call c -> {
                    c.args().forEach(this::type);
                    yield switch (c.function()) {
                        case "str" -> new Type.Str(64);
                        case "printf", "exit", "print", "clear", "zero", "delete" -> Type.VOID;
                        default -> aggregate(c).orElse(Type.INT64);
                    };
                }
                case Expr.Binary b -> {
                    type(b.left());
                    type(b.right());
                    yield Type.INT64;
                }
                case Expr.Unary u -> {
                    type(u.operand());
                    yield Type.INT64;
                }
                case Expr.Ternary t2 -> {
                    type(t2.condition());
                    type(t2.ifFalse());
                    yield type(t2.ifTrue());
                }
                case Expr.FieldAccess f -> {
                    type(f.base());
                    var field = point.tracepoint().flatMap(tp -> tp.field(f.field())).orElseThrow();
                    yield field.cType().contains("*") ? new Type.Pointer(new Type.Int(1, Signedness.SIGNED), Type.AddressSpace.USER)
                            : new Type.Int(field.size(), field.isSigned() ? Signedness.SIGNED : Signedness.UNSIGNED);
                }
                case Expr.IncDec i -> type(i.target());
                default -> Type.INT64;
            };
            types.put(e, t);
            return t;
        }
    }
}

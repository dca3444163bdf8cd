package jtracec.compiler.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.sema.ConcreteProbe;
import jtracec.compiler.sema.MapInfo;
import jtracec.compiler.sema.Type;
import jtracec.compiler.sema.TypedProbe;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.interp.Task;
import jtracec.spec.kernel.KernelLimits;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.object.Signedness;

/**
 * The meaning of a typed script, computed straight from the AST and sema's types with no IR:
 * bpftrace 0.17 semantics (its codegen_llvm.cpp and reference guide) over 64-bit integers and
 * strings, maps with aggregations as user space sees them after combining CPUs, and the records
 * probes send. It is the oracle of translation validation, so it shares no code with lowering.
 *
 * <p>Where bpftrace 0.17's codegen fixes the meaning: {@code /} and {@code %} are unsigned with
 * eBPF's zero-divisor results (x / 0 = 0, x % 0 = x); {@code >>} is a logical shift whatever the
 * signedness (CreateLShr); shift counts are masked to 63 as the BPF instructions do; a
 * comparison is signed only when both operands are; integers are widened to 64 bits by their
 * own signedness; hist and lhist buckets are createLog2Function / createLinearFunction.
 * Documented behaviour where 0.17's code has corner cases: min/max are the true minimum and maximum
 * under the value's signedness (0.17 stores {@code 0xffffffff - v} for min and skips values
 * below 0 for max, so min of values above 2^32 and max of negative values are never stored).
 */
public final class ReferenceEvaluator {
    /** Bound on while-loop iterations; the kernel's bounded-loop limit is far above what tests need. */
    static final int LOOP_LIMIT = 100_000;

    /** One program: a probe at one of its concrete attach points, in lowering's order. */
    record Site(Probe probe, ConcreteProbe point) {}

    private final TypedProgram program;
    private final List<Site> sites;
    private final Map<String, Map<List<Scalar>, MapValue>> maps = new LinkedHashMap<>();
    private final List<Emitted> events = new ArrayList<>();

    ReferenceEvaluator(TypedProgram program) {
        this.program = program;
        this.sites = sites(program);
        for (MapInfo map : program.maps()) {
            var entries = new HashMap<List<Scalar>, MapValue>();
            // bpftrace keeps a scalar count() in a one-element array (src/imap.cpp): it exists, at 0, before any count
            if (map.keyTypes().isEmpty() && map.valueType() instanceof Type.Aggregate aggregate
                    && aggregate.kind() == Type.AggregateKind.COUNT) {
                entries.put(List.of(), new MapValue.Count(0));
            }
            maps.put(map.scriptName(), entries);
        }
    }

    static List<Site> sites(TypedProgram program) {
        var sites = new ArrayList<Site>();
        for (TypedProbe probe : program.probes()) {
            for (ConcreteProbe point : probe.points()) sites.add(new Site(probe.probe(), point));
        }
        return sites;
    }

    void run(Firing firing) {
        new Run(sites.get(firing.site()), firing.task(), firing.context()).probe();
    }

    Observation observation() {
        return new Observation(maps, events);
    }

    /** How a statement ended: normally, by break or continue, or by leaving the probe (return, exit). */
    private enum Completion { NORMAL, BREAK, CONTINUE, LEAVE }

    /** One probe run: its scratch variables live as long as it. */
    private final class Run {
        private final Site site;
        private final Task task;
        private final byte[] context;
        private final Map<String, Scalar> variables = new HashMap<>();

        Run(Site site, Task task, byte[] context) {
            this.site = site;
            this.task = task;
            this.context = context;
        }

        void probe() {
            Optional<Expr> predicate = site.probe().predicate();
            if (predicate.isPresent() && !isTrue(predicate.get())) return;
            block(site.probe().body());
        }

        // ---------------------------------------------------------------- statements

        private Completion block(Stmt.Block block) {
            for (Stmt stmt : block.statements()) {
                Completion completion = statement(stmt);
                if (completion != Completion.NORMAL) return completion;
            }
            return Completion.NORMAL;
        }

        private Completion statement(Stmt stmt) {
            return switch (stmt) {
                case Stmt.ExprStmt s -> expressionStatement(s.expr());
                case Stmt.Assign s -> {
                    assign(s);
                    yield Completion.NORMAL;
                }
                case Stmt.Block s -> block(s);
                case Stmt.If s -> isTrue(s.condition()) ? block(s.then())
                        : s.otherwise().map(this::block).orElse(Completion.NORMAL);
                case Stmt.While s -> whileLoop(s);
                case Stmt.Unroll s -> {
                    long count = integer(s.count());
                    for (long i = 0; i < count; i++) {
                        Completion completion = block(s.body());
                        if (completion != Completion.NORMAL) yield completion;
                    }
                    yield Completion.NORMAL;
                }
                case Stmt.Break s -> Completion.BREAK;
                case Stmt.Continue s -> Completion.CONTINUE;
                case Stmt.Return s -> Completion.LEAVE;
            };
        }

        private Completion whileLoop(Stmt.While s) {
            for (int iteration = 0; isTrue(s.condition()); iteration++) {
                if (iteration == LOOP_LIMIT) throw new IllegalStateException("while loop ran %d times: %s".formatted(LOOP_LIMIT, s));
                Completion completion = block(s.body());
                if (completion == Completion.BREAK) break;
                if (completion == Completion.LEAVE) return completion;
            }
            return Completion.NORMAL;
        }

        private Completion expressionStatement(Expr e) {
            if (e instanceof Expr.Call call) {
                switch (call.function()) {
                    case "printf" -> {
                        var args = call.args().subList(1, call.args().size()).stream().map(this::value).toList();
                        events.add(new Emitted.Printf(((Expr.StrLit) call.args().get(0)).value(), args));
                        return Completion.NORMAL;
                    }
                    case "exit" -> {
                        // bpftrace 0.17 leaves the probe right after sending the exit event
                        events.add(new Emitted.Exit());
                        return Completion.LEAVE;
                    }
                    case "print", "clear", "zero" -> {
                        // carried out by user space when it reads the record, not by the probe
                        events.add(new Emitted.MapAction(call.function(), scriptName((Expr.MapRef) call.args().get(0))));
                        return Completion.NORMAL;
                    }
                    case "delete" -> {
                        var m = (Expr.MapRef) call.args().get(0);
                        entries(m).remove(key(m));
                        return Completion.NORMAL;
                    }
                    default -> { }
                }
            }
            value(e);
            return Completion.NORMAL;
        }

        private void assign(Stmt.Assign s) {
            switch (s.target()) {
                case Expr.Var v -> {
                    Scalar value = s.compound().isPresent()
                            ? Scalar.of(arithmetic(s.compound().get(), integer(v), integer(s.value())))
                            : value(s.value());
                    variables.put(v.name(), value);
                }
                case Expr.MapRef m -> {
                    MapInfo info = program.map(m.name());
                    if (info.valueType() instanceof Type.Aggregate aggregate && s.value() instanceof Expr.Call call) {
                        aggregate(m, aggregate, call);
                    } else if (s.compound().isPresent()) {
                        long current = integer(m);
                        entries(m).put(key(m), new MapValue.Plain(Scalar.of(arithmetic(s.compound().get(), current, integer(s.value())))));
                    } else {
                        // AssignMapStatement in bpftrace 0.17: the value, then the key
                        Scalar value = fitted(value(s.value()), info.valueType());
                        entries(m).put(key(m), new MapValue.Plain(value));
                    }
                }
                default -> throw new IllegalStateException("bug: the grammar allows only $var and @map targets: " + s.target());
            }
        }

        /** bpftrace 0.17 evaluates the key before the argument, except for hist and lhist (argument, then bucket key). */
        private void aggregate(Expr.MapRef m, Type.Aggregate aggregate, Expr.Call call) {
            if (aggregate.kind() == Type.AggregateKind.HIST || aggregate.kind() == Type.AggregateKind.LHIST) {
                bucketed(m, aggregate, call);
                return;
            }
            List<Scalar> key = key(m);
            Map<List<Scalar>, MapValue> entries = entries(m);
            Optional<MapValue> old = Optional.ofNullable(entries.get(key));
            Signedness signedness = aggregate.signedness();
            switch (aggregate.kind()) {
                case COUNT -> entries.put(key, new MapValue.Count(countOf(old) + 1));
                case SUM -> {
                    long v = integer(call.args().get(0));
                    entries.put(key, new MapValue.Sum(old.map(o -> ((MapValue.Sum) o).total()).orElse(0L) + v));
                }
                case MIN -> {
                    long v = integer(call.args().get(0));
                    entries.put(key, new MapValue.Min(old.map(o -> MapValue.smaller(((MapValue.Min) o).value(), v, signedness)).orElse(v)));
                }
                case MAX -> {
                    long v = integer(call.args().get(0));
                    entries.put(key, new MapValue.Max(old.map(o -> MapValue.larger(((MapValue.Max) o).value(), v, signedness)).orElse(v)));
                }
                case AVG -> {
                    long v = integer(call.args().get(0));
                    var before = old.map(o -> (MapValue.Avg) o).orElse(new MapValue.Avg(0, 0));
                    entries.put(key, new MapValue.Avg(before.total() + v, before.count() + 1));
                }
                case STATS -> {
                    long v = integer(call.args().get(0));
                    var before = old.map(o -> (MapValue.Stats) o).orElse(new MapValue.Stats(0, 0));
                    entries.put(key, new MapValue.Stats(before.total() + v, before.count() + 1));
                }
                case HIST, LHIST -> throw new IllegalStateException("bug: bucketed aggregations are handled apart");
            }
        }

        private void bucketed(Expr.MapRef m, Type.Aggregate aggregate, Expr.Call call) {
            long v = integer(call.args().get(0));
            long bucket = aggregate.kind() == Type.AggregateKind.HIST ? log2Bucket(v)
                    : linearBucket(v, integer(call.args().get(1)), integer(call.args().get(2)), integer(call.args().get(3)));
            bucket(entries(m), key(m), bucket);
        }

        private void bucket(Map<List<Scalar>, MapValue> entries, List<Scalar> key, long bucket) {
            var bucketed = new ArrayList<>(key);
            bucketed.add(Scalar.of(bucket));
            entries.merge(List.copyOf(bucketed), new MapValue.Count(1),
                    (a, b) -> new MapValue.Count(((MapValue.Count) a).count() + 1));
        }

        private long countOf(Optional<MapValue> old) {
            return old.map(o -> ((MapValue.Count) o).count()).orElse(0L);
        }

        // ---------------------------------------------------------------- maps

        private Map<List<Scalar>, MapValue> entries(Expr.MapRef m) {
            return maps.get(scriptName(m));
        }

        private String scriptName(Expr.MapRef m) {
            return "@" + m.name();
        }

        private List<Scalar> key(Expr.MapRef m) {
            List<Type> types = program.map(m.name()).keyTypes();
            var key = new ArrayList<Scalar>();
            for (int i = 0; i < m.keys().size(); i++) key.add(fitted(value(m.keys().get(i)), types.get(i)));
            return List.copyOf(key);
        }

        private Scalar readMap(Expr.MapRef m) {
            MapInfo info = program.map(m.name());
            MapValue found = entries(m).get(key(m));
            return switch (info.valueType()) {
                case Type.Int i -> found instanceof MapValue.Plain(Scalar.Int v) ? v : Scalar.of(0);
                case Type.Str s -> found instanceof MapValue.Plain(Scalar.Str v) ? v : Scalar.of("");
                default -> throw new IllegalStateException("evaluator: reading map %s of %s is not modelled".formatted(info.scriptName(), info.valueType()));
            };
        }

        // ---------------------------------------------------------------- expressions

        private boolean isTrue(Expr e) {
            return integer(e) != 0;
        }

        private long integer(Expr e) {
            return switch (value(e)) {
                case Scalar.Int i -> i.bits();
                case Scalar.Str s -> throw new IllegalStateException("bug: string where sema typed an integer: " + e);
            };
        }

        private Scalar value(Expr e) {
            Scalar raw = switch (e) {
                case Expr.IntLit lit -> Scalar.of(lit.value());
                case Expr.StrLit lit -> Scalar.of(lit.value());
                case Expr.Var v -> variables.get(v.name());
                case Expr.MapRef m -> readMap(m);
                case Expr.Builtin b -> builtin(b);
                case Expr.Positional p -> throw unmodelled(e);
                case Expr.PositionalCount p -> Scalar.of(program.positionalParams().size());
                case Expr.Call c -> throw unmodelled(e);
                case Expr.Unary u -> Scalar.of(switch (u.op()) {
                    case NEG -> -integer(u.operand());
                    case LOGICAL_NOT -> integer(u.operand()) == 0 ? 1 : 0;
                    case BIT_NOT -> ~integer(u.operand());
                    case DEREF, ADDRESS_OF -> throw unmodelled(e);
                });
                case Expr.IncDec i -> incDec(i);
                case Expr.Binary b -> binary(b);
                case Expr.Ternary t -> isTrue(t.condition()) ? value(t.ifTrue()) : value(t.ifFalse());
                case Expr.FieldAccess f -> field(f);
                case Expr.Index i -> throw unmodelled(e);
                case Expr.TupleIndex t -> throw unmodelled(e);
                case Expr.Tuple t -> throw unmodelled(e);
                case Expr.Cast c -> Scalar.of(integer(c.operand()));
                case Expr.SizeofType s -> throw unmodelled(e);
                case Expr.SizeofExpr s -> throw unmodelled(e);
            };
            if (raw == null) throw new IllegalStateException("bug: $%s read before it is assigned".formatted(((Expr.Var) e).name()));
            return fitted(raw, program.typeOf(e));
        }

        private IllegalStateException unmodelled(Expr e) {
            return new IllegalStateException("evaluator: %s is not modelled".formatted(e.getClass().getSimpleName()));
        }

        private Scalar builtin(Expr.Builtin b) {
            String name = b.name();
            if (name.matches("arg[0-5]")) return Scalar.of(ContextLayout.argument(context, name.charAt(3) - '0'));
            return switch (name) {
                // bpf_get_current_pid_tgid and bpf_get_current_uid_gid pack two u32s
                case "pid" -> Scalar.of(task.pid() & 0xffff_ffffL);
                case "tid" -> Scalar.of(task.tid() & 0xffff_ffffL);
                case "uid" -> Scalar.of(task.uid() & 0xffff_ffffL);
                case "gid" -> Scalar.of(task.gid() & 0xffff_ffffL);
                case "cpu" -> Scalar.of(task.cpu() & 0xffff_ffffL);
                case "nsecs" -> Scalar.of(task.timeNanos());
                case "cgroup" -> Scalar.of(task.cgroupId());
                // bpf_get_current_comm: at most TASK_COMM_LEN - 1 characters, always terminated
                case "comm" -> Scalar.of(truncated(task.comm(), KernelLimits.COMM_SIZE - 1));
                case "probe" -> Scalar.of(site.point().name());
                case "retval" -> Scalar.of(ContextLayout.returnValue(context));
                default -> throw new IllegalStateException("evaluator: builtin %s is not modelled".formatted(name));
            };
        }

        private Scalar field(Expr.FieldAccess f) {
            TracepointField field = site.point().tracepoint().flatMap(format -> format.field(f.field()))
                    .orElseThrow(() -> new IllegalStateException("evaluator: only args->field of a tracepoint is modelled"));
            return program.typeOf(f) instanceof Type.Str
                    ? Scalar.of(ContextLayout.readString(context, field))
                    : Scalar.of(ContextLayout.readInt(context, field));
        }

        private Scalar incDec(Expr.IncDec i) {
            long delta = i.op().isIncrement() ? 1 : -1;
            switch (i.target()) {
                case Expr.Var v -> {
                    long old = integer(v);
                    variables.put(v.name(), Scalar.of(old + delta));
                    return Scalar.of(i.op().isPrefix() ? old + delta : old);
                }
                case Expr.MapRef m -> {
                    long old = integer(m);
                    entries(m).put(key(m), new MapValue.Plain(Scalar.of(old + delta)));
                    return Scalar.of(i.op().isPrefix() ? old + delta : old);
                }
                default -> throw unmodelled(i);
            }
        }

        private Scalar binary(Expr.Binary b) {
            switch (b.op()) {
                case LOGICAL_AND -> {
                    return Scalar.of(isTrue(b.left()) && isTrue(b.right()) ? 1 : 0);
                }
                case LOGICAL_OR -> {
                    return Scalar.of(isTrue(b.left()) || isTrue(b.right()) ? 1 : 0);
                }
                default -> { }
            }
            Scalar left = value(b.left());
            Scalar right = value(b.right());
            if (left instanceof Scalar.Str l && right instanceof Scalar.Str r) {
                return switch (b.op()) {
                    case EQ -> Scalar.of(l.text().equals(r.text()) ? 1 : 0);
                    case NE -> Scalar.of(l.text().equals(r.text()) ? 0 : 1);
                    default -> throw unmodelled(b);
                };
            }
            long l = ((Scalar.Int) left).bits();
            long r = ((Scalar.Int) right).bits();
            boolean isSigned = isSigned(program.typeOf(b.left())) && isSigned(program.typeOf(b.right()));
            int order = isSigned ? Long.compare(l, r) : Long.compareUnsigned(l, r);
            return Scalar.of(switch (b.op()) {
                case EQ -> l == r ? 1 : 0;
                case NE -> l != r ? 1 : 0;
                case LT -> order < 0 ? 1 : 0;
                case LE -> order <= 0 ? 1 : 0;
                case GT -> order > 0 ? 1 : 0;
                case GE -> order >= 0 ? 1 : 0;
                default -> arithmetic(b.op(), l, r);
            });
        }
    }

    private static boolean isSigned(Type type) {
        return type instanceof Type.Int i && i.signedness() == Signedness.SIGNED;
    }

    /** bpftrace 0.17 binop_int: 64-bit wrapping, unsigned / and %, logical >> (CreateLShr). */
    static long arithmetic(jtracec.compiler.ast.BinOp op, long l, long r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            // RFC 9669 §4.1: a zero divisor gives 0 for DIV and leaves the dividend for MOD
            case DIV -> r == 0 ? 0 : Long.divideUnsigned(l, r);
            case MOD -> r == 0 ? l : Long.remainderUnsigned(l, r);
            case BIT_AND -> l & r;
            case BIT_OR -> l | r;
            case BIT_XOR -> l ^ r;
            case SHL -> l << (r & 63);
            case SHR -> l >>> (r & 63);
            default -> throw new IllegalStateException("bug: %s is not arithmetic".formatted(op));
        };
    }

    /**
     * A value as a place of this type holds it: integers extended from their width by their
     * signedness. Strings are never cut by the type of the place: a string is its characters
     * (bpftrace 0.17 finds no entry for {@code @c["cat"]} when only {@code @c[""]} was written);
     * only their sources bound them (comm, a {@code char[N]} field, which may fill all N bytes).
     */
    static Scalar fitted(Scalar value, Type type) {
        return switch (value) {
            case Scalar.Int i when type instanceof Type.Int t && t.size() < 8 -> {
                int unused = 64 - 8 * t.size();
                yield Scalar.of(t.signedness() == Signedness.SIGNED ? i.bits() << unused >> unused : i.bits() << unused >>> unused);
            }
            default -> value;
        };
    }

    private static String truncated(String text, int bytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= bytes ? text : new String(utf8, 0, Math.max(0, bytes), StandardCharsets.UTF_8);
    }

    /** createLog2Function: 0 for negatives, 1 for 0, else 2 + floor(log2 n) in five shift steps (at most 33). */
    public static long log2Bucket(long n) {
        if (n < 0) return 0;
        if (n == 0) return 1;
        long result = 2;
        for (int i = 4; i >= 0; i--) {
            int step = 1 << i;
            if (n >= 1L << step) {
                n >>>= step;
                result += step;
            }
        }
        return result;
    }

    /** createLinearFunction: 0 below min (signed), 1 + (max - min) / step above max, else 1 + (v - min) / step, unsigned. */
    public static long linearBucket(long v, long min, long max, long step) {
        if (v < min) return 0;
        if (v > max) return 1 + Long.divideUnsigned(max - min, step);
        return 1 + Long.divideUnsigned(v - min, step);
    }
}

package jtracec.compiler.lower;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.CmpOp;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrType;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.compiler.lower.FunctionBuilder.BlockBuilder;
import jtracec.compiler.sema.AddressLiteral;
import jtracec.compiler.sema.ConcreteProbe;
import jtracec.compiler.sema.Type;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.helper.HelperId;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceSpan;

/**
 * Lowers one probe at one concrete attach point. Scratch variables live in an environment from
 * name to SSA value; where control flow merges, the join block takes a parameter for each
 * variable whose value differs between the incoming paths.
 *
 * <p>Representation: an integer is an i64 value, sign- or zero-extended from its type. A string
 * of type {@code str[n]} is a stack buffer of {@code align8(n)} bytes, every byte after the
 * terminator zero, so strings compare and hash as map keys byte for byte.
 */
final class ProbeLowering {
    /** Offsets into x86-64 {@code struct pt_regs} (arch/x86/include/asm/ptrace.h) of the argument registers. */
    private static final int[] PT_REGS_ARGS = {112, 104, 96, 88, 72, 64};
    private static final int PT_REGS_AX = 80;
    private static final int PT_REGS_IP = 128;
    private static final long BPF_ANY = 0;

    private final TypedProgram program;
    private final ModuleLayout layout;
    private final ConcreteProbe point;
    private final EventRing ring;
    private final Diagnostics diags;
    private final FunctionBuilder fb = new FunctionBuilder();
    private final AddressFunctions addresses = new AddressFunctions(fb);
    private Map<String, Value> env = new HashMap<>();
    /** The one stack buffer of each inet or mac_address scratch variable (see {@link #assignBytes}). */
    private final Map<String, Value> variableSlots = new HashMap<>();
    private final Deque<Loop> loops = new ArrayDeque<>();
    private final AsyncActions async;

    private record Loop(BlockBuilder header, List<String> vars, Join exit) {}

    ProbeLowering(TypedProgram program, ModuleLayout layout, ConcreteProbe point, EventRing ring, Diagnostics diags) {
        this.program = program;
        this.layout = layout;
        this.point = point;
        this.ring = ring;
        this.diags = diags;
        this.async = new AsyncActions(this, fb, layout);
    }

    /** Nanoseconds since the start time; 0 for the start itself when the map could not be read. */
    private Value elapsed(SourceSpan span) {
        Value pointer = lookup(layout.elapsedMap(), firstElementKey(span), span);
        BlockBuilder present = fb.newBlock();
        BlockBuilder absent = fb.newBlock();
        branchOnLookup(pointer, present, absent, span);
        var join = new Join();
        fb.switchTo(present);
        join.arm(List.of(fb.load(pointer, 0, 8, Signedness.UNSIGNED, span)));
        fb.switchTo(absent);
        join.arm(List.of(fb.constant(0, span)));
        Value start = join.close(span).get(0);
        return fb.alu(AluOp.SUB, fb.call(HelperId.KTIME_GET_NS, span), start, span);
    }

    Function lower(Probe probe, String name) {
        if (probe.predicate().isPresent()) {
            Expr predicate = probe.predicate().get();
            Value cond = expr(predicate);
            BlockBuilder body = fb.newBlock();
            BlockBuilder skip = fb.newBlock();
            fb.terminate(new Terminator.Branch(cond, body.id, skip.id, predicate.span()));
            fb.switchTo(skip);
            fb.terminate(new Terminator.Exit(fb.constant(0, predicate.span()), predicate.span()));
            fb.switchTo(body);
        }
        block(probe.body());
        return fb.finish(name, point.name(), point.programType(), point.point(), point.span(), probe.span());
    }

    // ---- control-flow merges

    /**
     * The join point of several arms. Each arm ends by {@link #arm}, which leaves its block open
     * and moves emission to a detached block; {@link #close} creates the join block, decides its
     * parameters and closes every arm with a jump to it.
     */
    private final class Join {
        private record Arm(BlockBuilder block, Map<String, Value> env, List<Value> extras) {}

        private final List<Arm> arms = new ArrayList<>();

        void arm(List<Value> extras) {
            if (!fb.isOpen()) return;
            arms.add(new Arm(fb.current(), new HashMap<>(env), List.copyOf(extras)));
            fb.switchTo(fb.newBlock());
        }

        List<Value> close(SourceSpan span) {
            if (arms.isEmpty()) {
                fb.switchTo(fb.newBlock());
                fb.terminate(new Terminator.Exit(fb.constant(0, span), span));
                return List.of();
            }
            BlockBuilder join = fb.newBlock();
            var extras = new ArrayList<Value>();
            for (Value v : arms.get(0).extras()) extras.add(fb.addParam(join, v.type()));
            var merged = new HashMap<String, Value>();
            var varParams = new TreeMap<String, Value>();
            for (var entry : new TreeMap<>(arms.get(0).env()).entrySet()) {
                String name = entry.getKey();
                if (!arms.stream().allMatch(a -> a.env().containsKey(name))) continue;
                boolean same = arms.stream().allMatch(a -> a.env().get(name).equals(entry.getValue()));
                boolean sameType = arms.stream().allMatch(a -> a.env().get(name).type() == entry.getValue().type());
                if (same) {
                    merged.put(name, entry.getValue());
                } else if (sameType) {
                    Value param = fb.addParam(join, entry.getValue().type());
                    fb.nameVariable(param, "$" + name);
                    varParams.put(name, param);
                    merged.put(name, param);
                }
            }
            for (Arm arm : arms) {
                var args = new ArrayList<>(arm.extras());
                for (String name : varParams.keySet()) args.add(arm.env().get(name));
                fb.terminate(arm.block(), new Terminator.Jump(join.id, args, span));
            }
            fb.switchTo(join);
            env = merged;
            return extras;
        }
    }

    // ---- statements

    private void block(Stmt.Block block) {
        for (Stmt stmt : block.statements()) statement(stmt);
    }

    private void statement(Stmt stmt) {
        switch (stmt) {
            case Stmt.ExprStmt s -> exprStatement(s.expr());
            case Stmt.Assign s -> assign(s);
            case Stmt.Block s -> block(s);
            case Stmt.If s -> ifStatement(s);
            case Stmt.While s -> whileLoop(s);
            case Stmt.Unroll s -> unroll(s);
            case Stmt.Break s -> {
                if (loops.isEmpty()) unsupported(s.span(), "break outside a loop");
                else loops.peek().exit().arm(List.of());
            }
            case Stmt.Continue s -> {
                if (loops.isEmpty()) {
                    unsupported(s.span(), "continue outside a loop");
                } else {
                    Loop loop = loops.peek();
                    fb.terminate(new Terminator.Jump(loop.header().id, loop.vars().stream().map(env::get).toList(), s.span()));
                }
            }
            case Stmt.Return s -> fb.terminate(new Terminator.Exit(fb.constant(0, s.span()), s.span()));
        }
    }

    private void exprStatement(Expr e) {
        if (e instanceof Expr.Call call) {
            switch (call.function()) {
                case "printf" -> { printf(call); return; }
                case "exit" -> {
                    // bpftrace 0.17 returns from the probe right after sending the exit event
                    action(EventIds.EXIT, List.of(), call.span());
                    fb.terminate(new Terminator.Exit(fb.constant(0, call.span()), call.span()));
                    return;
                }
                case "print", "clear", "zero" -> { mapAction(call); return; }
                case "delete" -> { delete(call); return; }
                case "time" -> { time(call); return; }
                case "signal" -> { signal(call); return; }
                case "join" -> { async.join(call); return; }
                case "cat" -> { async.formatted(call, EventIds.CAT); return; }
                case "system" -> { async.formatted(call, EventIds.SYSTEM); return; }
                case "override" -> { override(call); return; }
                default -> { }
            }
        }
        expr(e);
    }

    private void assign(Stmt.Assign s) {
        switch (s.target()) {
            case Expr.Var v when s.compound().isEmpty() && isAddressValue(program.typeOf(s.value())) -> assignBytes(v, s.value(), s.span());
            case Expr.Var v -> {
                Value value = s.compound().isPresent()
                        ? binary(s.compound().get(), v, s.value(), s.span())
                        : expr(s.value());
                bind(v.name(), value);
            }
            case Expr.MapRef m -> {
                Optional<MapLayout> map = mapLayout(m);
                if (map.isEmpty()) return;
                if (map.get().valueType() instanceof Type.Aggregate agg && s.value() instanceof Expr.Call call) {
                    aggregate(map.get(), m, agg, call);
                } else if (s.compound().isPresent()) {
                    Value value = binary(s.compound().get(), m, s.value(), s.span());
                    mapWriteInt(map.get(), m, value, s.span());
                } else {
                    mapWrite(map.get(), m, s.value(), s.span());
                }
            }
            default -> unsupported(s.span(), "assignment to this kind of expression");
        }
    }

    /** {@code $name = value}: the environment and the debug names both learn it. */
    private void bind(String name, Value value) {
        env.put(name, value);
        fb.nameVariable(value, "$" + name);
    }

    private void ifStatement(Stmt.If s) {
        Value cond = expr(s.condition());
        BlockBuilder then = fb.newBlock();
        BlockBuilder otherwise = fb.newBlock();
        fb.terminate(new Terminator.Branch(cond, then.id, otherwise.id, s.condition().span()));
        var saved = new HashMap<>(env);
        var join = new Join();
        fb.switchTo(then);
        block(s.then());
        join.arm(List.of());
        env = new HashMap<>(saved);
        fb.switchTo(otherwise);
        s.otherwise().ifPresent(this::block);
        join.arm(List.of());
        join.close(s.span());
    }

    private void whileLoop(Stmt.While s) {
        List<String> vars = env.keySet().stream().sorted().toList();
        BlockBuilder header = fb.newBlock();
        var params = new HashMap<String, Value>();
        for (String name : vars) {
            Value param = fb.addParam(header, env.get(name).type());
            fb.nameVariable(param, "$" + name);
            params.put(name, param);
        }
        fb.terminate(new Terminator.Jump(header.id, vars.stream().map(env::get).toList(), s.span()));
        fb.switchTo(header);
        env = new HashMap<>(params);
        Value cond = expr(s.condition());
        BlockBuilder body = fb.newBlock();
        BlockBuilder done = fb.newBlock();
        fb.terminate(new Terminator.Branch(cond, body.id, done.id, s.condition().span()));
        var exit = new Join();
        var loopEnv = new HashMap<>(env);
        fb.switchTo(done);
        exit.arm(List.of());
        fb.switchTo(body);
        loops.push(new Loop(header, vars, exit));
        block(s.body());
        loops.pop();
        if (fb.isOpen()) {
            fb.terminate(new Terminator.Jump(header.id, vars.stream().map(env::get).toList(), s.span()));
        }
        env = loopEnv;
        exit.close(s.span());
    }

    private void unroll(Stmt.Unroll s) {
        if (!(s.count() instanceof Expr.IntLit count) || count.value() < 1 || count.value() > 100) {
            diags.report(Diagnostic.error(LowerCode.BAD_CONSTANT_ARGUMENT, s.count().span(),
                    "unroll count must be a constant from 1 to 100"));
            return;
        }
        for (long i = 0; i < count.value(); i++) block(s.body());
    }

    // ---- actions and events

    private void printf(Expr.Call call) {
        if (call.args().isEmpty() || !(call.args().get(0) instanceof Expr.StrLit format)) {
            diags.report(Diagnostic.error(LowerCode.BAD_CONSTANT_ARGUMENT, call.span(),
                    "printf needs a string literal as its format"));
            return;
        }
        Optional<List<Field>> fields = recordFields(call.args().subList(1, call.args().size()), 8);
        if (fields.isEmpty()) return;
        int size = recordSize(fields.get(), 8);
        int id = layout.addPrintf(format.value(), fields.get(), size);
        Value record = fb.slot(size, call.span());
        fb.store(record, 0, fb.constant(id, call.span()), 8, call.span());
        for (int i = 0; i < fields.get().size(); i++) {
            write(call.args().get(i + 1), record, fields.get().get(i), call.span());
        }
        emitEvent(record, size, call.span());
    }

    /** The fields of an event record holding {@code args} from {@code offset} on, each 8-byte aligned; empty after a diagnostic. */
    Optional<List<Field>> recordFields(List<Expr> args, int offset) {
        var fields = new ArrayList<Field>();
        for (Expr arg : args) {
            Optional<FieldType> type = MapLayout.fieldType(program, program.typeOf(arg));
            if (type.isEmpty()) {
                unsupported(arg.span(), "printing a value of this type");
                return Optional.empty();
            }
            FieldType field = type.get() instanceof FieldType.Stack s
                    ? new FieldType.Stack(s.kind(), layout.stackMap(s.kind(), s.maxFrames()), s.maxFrames())
                    : type.get();
            fields.add(new Field(field, offset));
            offset += MapLayout.align8(field.size());
        }
        return Optional.of(fields);
    }

    static int recordSize(List<Field> fields, int empty) {
        return fields.isEmpty() ? empty : fields.getLast().offset() + MapLayout.align8(fields.getLast().type().size());
    }

    private void mapAction(Expr.Call call) {
        long id = switch (call.function()) {
            case "print" -> EventIds.PRINT_MAP;
            case "clear" -> EventIds.CLEAR_MAP;
            default -> EventIds.ZERO_MAP;
        };
        boolean isWholeMap = !call.args().isEmpty() && call.args().get(0) instanceof Expr.MapRef m && m.keys().isEmpty();
        if (call.function().equals("print") && !isWholeMap && call.args().size() == 1) {
            async.printValue(call);
            return;
        }
        if (call.args().isEmpty() || !(call.args().get(0) instanceof Expr.MapRef m) || !m.keys().isEmpty()) {
            unsupported(call.span(), call.function() + " of anything but a whole map");
            return;
        }
        mapLayout(m).ifPresent(map -> action(id, List.of((long) map.index()), call.span()));
    }

    /**
     * time(fmt): user space formats the local time when the event arrives, so the record carries
     * only the index of a printf entry holding the strftime format. The default is bpftrace 0.17's
     * (ResourceAnalyser, src/ast/passes/resource_analyser.cpp).
     */
    private void time(Expr.Call call) {
        String format = "%H:%M:%S\n";
        if (!call.args().isEmpty()) {
            if (!(call.args().get(0) instanceof Expr.StrLit lit)) {
                unsupported(call.span(), "time with a format that is not a string literal");
                return;
            }
            format = lit.value();
        }
        int id = layout.addPrintf(format, List.of(), 8);
        action(EventIds.TIME, List.of((long) id), call.span());
    }

    /** signal(sig): bpf_send_signal to the current process, the signal by number or by name (sema requires --unsafe). */
    private void signal(Expr.Call call) {
        Expr argument = call.args().get(0);
        if (argument instanceof Expr.StrLit name) {
            Optional<Integer> number = SignalNumbers.of(name.value());
            if (number.isEmpty()) {
                diags.report(Diagnostic.error(LowerCode.BAD_CONSTANT_ARGUMENT, argument.span(),
                        "%s is not a signal name".formatted(name.value())).withHelp("write e.g. signal(\"KILL\") or signal(9)"));
                return;
            }
            fb.call(HelperId.SEND_SIGNAL, call.span(), fb.constant(number.get(), call.span()));
        } else if (program.typeOf(argument) instanceof Type.Int) {
            // the helper takes a u32, as bpftrace's CreateIntCast to i32
            fb.call(HelperId.SEND_SIGNAL, call.span(), low32(expr(argument), call.span()));
        } else {
            unsupported(argument.span(), "signal with this argument");
        }
    }

    /**
     * override(rc): bpf_override_return on the kprobe's registers (sema allows it only in kprobes,
     * with --unsafe); the value widened to 64 bits by its sign, as bpftrace 0.17's CreateIntCast.
     */
    private void override(Expr.Call call) {
        fb.call(HelperId.OVERRIDE_RETURN, call.span(), fb.context(), expr(call.args().get(0)));
    }

    private void action(long id, List<Long> payload, SourceSpan span) {
        int size = 8 + 8 * payload.size();
        Value record = fb.slot(size, span);
        fb.store(record, 0, fb.constant(id, span), 8, span);
        for (int i = 0; i < payload.size(); i++) fb.store(record, 8 + 8 * i, fb.constant(payload.get(i), span), 8, span);
        emitEvent(record, size, span);
    }

    /**
     * Sends an event to this program's ring. Only where the ring may be full is a lost one counted:
     * BEGIN and END programs proven to find room (see {@link RingRoom}) send it without the count.
     */
    void emitEvent(Value record, int size, SourceSpan span) {
        Value result = fb.fresh(IrType.I64);
        switch (ring) {
            case EventRing.SharedMayBeFull shared -> {
                fb.emit(new Inst.RingbufOutput(result, layout.eventMap(), record, size, span));
                countIfLost(result, span);
            }
            case EventRing.SharedWithRoom shared -> fb.emit(new Inst.RingbufOutput(result, layout.eventMap(), record, size, span));
            case EventRing.EndOwnRing own -> fb.emit(new Inst.RingbufOutput(result, layout.endEventMap(own.bytes()), record, size, span));
        }
    }

    /**
     * A full ring buffer drops the event: count it, so the loader can say "Lost N events" instead
     * of nothing. The counter is addressed directly (no lookup, no null check), and what is added
     * is bpf_ringbuf_output's own result, -EAGAIN, the one error it returns with flags 0 (a record
     * the ring has no room for): three instructions after the branch, on the rare path only, and
     * the loader divides the sum by -EAGAIN. Not emitted where {@link RingRoom} proves the ring
     * has room for every output of the program.
     */
    private void countIfLost(Value result, SourceSpan span) {
        BlockBuilder lost = fb.newBlock();
        BlockBuilder sent = fb.newBlock();
        fb.terminate(new Terminator.Branch(fb.compare(CmpOp.NE, result, fb.constant(0, span), span), lost.id, sent.id, span));
        var join = new Join();
        fb.switchTo(lost);
        fb.emit(new Inst.MapValueAdd(layout.lostEventsMap(), 0, result, span));
        join.arm(List.of());
        fb.switchTo(sent);
        join.arm(List.of());
        join.close(span);
    }

    private void delete(Expr.Call call) {
        if (call.args().size() != 1 || !(call.args().get(0) instanceof Expr.MapRef m)) {
            unsupported(call.span(), "delete of anything but a map element");
            return;
        }
        mapLayout(m).ifPresent(map -> {
            Value key = key(map, m.keys(), m.span());
            fb.emit(new Inst.MapDelete(fb.fresh(IrType.I64), map.index(), key, call.span()));
        });
    }

    // ---- maps

    private Optional<MapLayout> mapLayout(Expr.MapRef m) {
        Optional<MapLayout> map = layout.map(m.name());
        if (map.isEmpty()) unsupported(m.span(), "map @" + m.name() + " whose type cannot be stored");
        return map;
    }

    private Value key(MapLayout map, List<Expr> keys, SourceSpan span) {
        Value key = fb.slot(map.keySize(), span);
        // a u64 zero also for an array's u32 key, as bpftrace's getMapKey writes it: the kernel reads the first 4 bytes
        if (keys.isEmpty() && !map.hasBucket()) fb.store(key, 0, fb.constant(0, span), 8, span);
        for (int i = 0; i < keys.size() && i < map.keyFields().size(); i++) {
            write(keys.get(i), key, map.keyFields().get(i), keys.get(i).span());
        }
        return key;
    }

    /** A null check of a lookup result: branches to {@code found} when the key exists. */
    void branchOnLookup(Value pointer, BlockBuilder found, BlockBuilder missing, SourceSpan span) {
        Value isNull = fb.compare(CmpOp.EQ, pointer, fb.constant(0, span), span);
        fb.terminate(new Terminator.Branch(isNull, missing.id, found.id, span));
    }

    /** Values kept in a stack buffer rather than a register: read back from a map as a copy. */
    private static boolean isStoredAsBytes(Type type) {
        return type instanceof Type.Str || type instanceof Type.Tuple || type instanceof Type.UserSymbol
                || type instanceof Type.Inet || type instanceof Type.MacAddress
                || type instanceof Type.Timestamp || type instanceof Type.Buffer || type instanceof Type.Struct;
    }

    private Value mapRead(Expr.MapRef m) {
        Optional<MapLayout> found = mapLayout(m);
        if (found.isEmpty()) return fb.constant(0, m.span());
        MapLayout map = found.get();
        Value key = key(map, m.keys(), m.span());
        Value pointer = lookup(map, key, m.span());
        BlockBuilder present = fb.newBlock();
        BlockBuilder absent = fb.newBlock();
        if (isStoredAsBytes(map.valueType())) {
            int size = map.valueSize();
            // before the branch: the buffer must be defined on both arms
            Value buffer = fb.slot(size, m.span());
            branchOnLookup(pointer, present, absent, m.span());
            var join = new Join();
            fb.switchTo(present);
            fb.copy(pointer, 0, buffer, 0, size, m.span());
            join.arm(List.of());
            fb.switchTo(absent);
            fb.zero(buffer, 0, size, m.span());
            join.arm(List.of());
            join.close(m.span());
            return buffer;
        }
        branchOnLookup(pointer, present, absent, m.span());
        var join = new Join();
        Signedness signedness = map.valueType() instanceof Type.Int i ? i.signedness() : Signedness.SIGNED;
        fb.switchTo(present);
        join.arm(List.of(fb.load(pointer, 0, 8, signedness, m.span())));
        fb.switchTo(absent);
        join.arm(List.of(fb.constant(0, m.span())));
        return join.close(m.span()).get(0);
    }

    private void mapWrite(MapLayout map, Expr.MapRef m, Expr valueExpr, SourceSpan span) {
        if (isStoredAsBytes(map.valueType())
                && map.valueKind() instanceof jtracec.spec.object.MapValueKind.Plain(FieldType field)) {
            // the value, then the key, as bpftrace 0.17's AssignMapStatement
            Value value = fb.slot(map.valueSize(), span);
            write(valueExpr, value, new Field(field, 0), span);
            Value key = key(map, m.keys(), m.span());
            update(map, key, value, span);
        } else {
            mapWriteInt(map, m, expr(valueExpr), span);
        }
    }

    private void mapWriteInt(MapLayout map, Expr.MapRef m, Value value, SourceSpan span) {
        Value key = key(map, m.keys(), m.span());
        Value buffer = fb.slot(8, span);
        fb.store(buffer, 0, value, 8, span);
        update(map, key, buffer, span);
    }

    private Value lookup(MapLayout map, Value key, SourceSpan span) {
        return lookup(map.index(), key, span);
    }

    Value lookup(int map, Value key, SourceSpan span) {
        Value pointer = fb.fresh(IrType.MAP_VALUE);
        fb.emit(new Inst.MapLookup(pointer, map, key, span));
        return pointer;
    }

    /** The u32 key 0: element 0 of a one-element internal array (elapsed's start time, lost events). */
    Value firstElementKey(SourceSpan span) {
        Value key = fb.slot(4, span);
        fb.store(key, 0, fb.constant(0, span), 4, span);
        return key;
    }

    private void update(MapLayout map, Value key, Value value, SourceSpan span) {
        fb.emit(new Inst.MapUpdate(fb.fresh(IrType.I64), map.index(), key, value, BPF_ANY, span));
    }

    private void aggregate(MapLayout map, Expr.MapRef m, Type.Aggregate agg, Expr.Call call) {
        SourceSpan span = call.span();
        switch (agg.kind()) {
            case COUNT -> accumulate(map, key(map, m.keys(), m.span()), List.of(fb.constant(1, span)), span);
            // bpftrace 0.17 builds the key before it evaluates the argument (getMapKey, then
            // accept(vargs) in codegen_llvm.cpp), which shows when the argument has side effects
            case SUM -> {
                Value key = key(map, m.keys(), m.span());
                accumulate(map, key, List.of(expr(call.args().get(0))), span);
            }
            case AVG, STATS -> {
                Value key = key(map, m.keys(), m.span());
                accumulate(map, key, List.of(expr(call.args().get(0)), fb.constant(1, span)), span);
            }
            case MIN, MAX -> {
                Value key = key(map, m.keys(), m.span());
                minMax(map, key, agg, expr(call.args().get(0)), span);
            }
            case HIST -> {
                Value v = expr(call.args().get(0));
                Value key = key(map, m.keys(), m.span());
                boolean isU32 = program.typeOf(call.args().get(0)) instanceof Type.Int i && i.size() <= 4
                        && i.signedness() == Signedness.UNSIGNED;
                storeLog2(key, map.bucketOffset(), v, isU32, span);
                accumulate(map, key, List.of(fb.constant(1, span)), span);
            }
            case LHIST -> {
                Value v = expr(call.args().get(0));
                var bounds = new long[3];
                for (int i = 0; i < 3; i++) {
                    if (call.args().size() <= i + 1 || !(call.args().get(i + 1) instanceof Expr.IntLit lit)) {
                        diags.report(Diagnostic.error(LowerCode.BAD_CONSTANT_ARGUMENT, call.span(),
                                "lhist needs constant min, max and step"));
                        return;
                    }
                    bounds[i] = lit.value();
                }
                if (bounds[2] <= 0 || bounds[1] < bounds[0]) {
                    diags.report(Diagnostic.error(LowerCode.BAD_CONSTANT_ARGUMENT, call.span(),
                            "lhist needs min <= max and a positive step"));
                    return;
                }
                Value key = key(map, m.keys(), m.span());
                storeLinearBucket(key, map.bucketOffset(), v, bounds[0], bounds[1], bounds[2], span);
                accumulate(map, key, List.of(fb.constant(1, span)), span);
            }
        }
    }

    /**
     * Adds {@code addends[i]} to the i-th u64 of the value, creating the element from them when
     * absent. An existing element is updated in place with atomic adds: no update call per event, and
     * concurrent events on other CPUs cannot lose each other's increments.
     */
    private void accumulate(MapLayout map, Value key, List<Value> addends, SourceSpan span) {
        Value pointer = lookup(map, key, span);
        BlockBuilder present = fb.newBlock();
        BlockBuilder absent = fb.newBlock();
        branchOnLookup(pointer, present, absent, span);
        var join = new Join();
        fb.switchTo(present);
        for (int i = 0; i < addends.size(); i++) fb.emit(new Inst.AtomicAdd(pointer, 8 * i, addends.get(i), span));
        join.arm(List.of());
        fb.switchTo(absent);
        Value initial = fb.slot(map.valueSize(), span);
        for (int i = 0; i < addends.size(); i++) fb.store(initial, 8 * i, addends.get(i), 8, span);
        update(map, key, initial, span);
        join.arm(List.of());
        join.close(span);
    }

    /** min/max: value at offset 0, a "set" flag at offset 8, replaced when unset or beaten. */
    private void minMax(MapLayout map, Value key, Type.Aggregate agg, Value v, SourceSpan span) {
        Value pointer = lookup(map, key, span);
        BlockBuilder present = fb.newBlock();
        BlockBuilder absent = fb.newBlock();
        branchOnLookup(pointer, present, absent, span);
        var join = new Join();
        fb.switchTo(present);
        Value set = fb.load(pointer, 8, 8, Signedness.UNSIGNED, span);
        BlockBuilder compare = fb.newBlock();
        BlockBuilder replace = fb.newBlock();
        BlockBuilder keep = fb.newBlock();
        fb.terminate(new Terminator.Branch(set, compare.id, replace.id, span));
        fb.switchTo(compare);
        Value current = fb.load(pointer, 0, 8, agg.signedness(), span);
        boolean signed = agg.signedness() == Signedness.SIGNED;
        CmpOp better = agg.kind() == Type.AggregateKind.MIN ? (signed ? CmpOp.SLT : CmpOp.ULT) : (signed ? CmpOp.SGT : CmpOp.UGT);
        fb.terminate(new Terminator.Branch(fb.compare(better, v, current, span), replace.id, keep.id, span));
        fb.switchTo(replace);
        fb.store(pointer, 0, v, 8, span);
        fb.store(pointer, 8, fb.constant(1, span), 8, span);
        join.arm(List.of());
        fb.switchTo(keep);
        join.arm(List.of());
        fb.switchTo(absent);
        Value initial = fb.slot(16, span);
        fb.store(initial, 0, v, 8, span);
        fb.store(initial, 8, fb.constant(1, span), 8, span);
        update(map, key, initial, span);
        join.arm(List.of());
        join.close(span);
    }

    /**
     * Stores bpftrace 0.17's log2 bucket of {@code n} (IRBuilderBPF::createLog2Function) at
     * {@code key + offset}: 0 for negative values, 1 for 0, else 2 + floor(log2(n)) as its five
     * shift steps (16, 8, 4, 2, 1) compute it, so every n >= 2^31 lands in 33 (2 + 31 up to 2^32,
     * where the steps saturate). The same function in fewer instructions: negatives and large n
     * are tested first; then three steps (16, 8, 4) leave a rest in [0, 15], whose bucket
     * {@link #SMALL_LOG2_BUCKETS} holds (the last two steps and the test for 0 folded into one
     * table read), and the steps' shifts add up the rest of the bucket. Each arm stores its own
     * bucket, so none moves it into a register the others share. Range folding drops the tests,
     * and the steps, that the argument's range decides.
     *
     * <p>Any threshold in [2^31, 2^32] gives the same buckets. 2^31 - 1 fits a jump's signed 32-bit
     * immediate, one instruction; 2^32 - 1 needs a 64-bit constant but is what range folding can
     * prove unreachable for a value of a 32-bit unsigned type, so that is the threshold for those.
     */
    private void storeLog2(Value key, int offset, Value n, boolean isU32, SourceSpan span) {
        var done = new Join();
        BlockBuilder negative = fb.newBlock();
        BlockBuilder notNegative = fb.newBlock();
        fb.terminate(new Terminator.Branch(fb.compare(CmpOp.SLT, n, fb.constant(0, span), span), negative.id, notNegative.id, span));
        fb.switchTo(negative);
        fb.store(key, offset, fb.constant(0, span), 8, span);
        done.arm(List.of());
        fb.switchTo(notNegative);
        BlockBuilder large = fb.newBlock();
        BlockBuilder notLarge = fb.newBlock();
        long largest = isU32 ? 0xffff_ffffL : Integer.MAX_VALUE;
        fb.terminate(new Terminator.Branch(fb.compare(CmpOp.UGT, n, fb.constant(largest, span), span), large.id, notLarge.id, span));
        fb.switchTo(large);
        fb.store(key, offset, fb.constant(33, span), 8, span);
        done.arm(List.of());
        fb.switchTo(notLarge);
        Value rest = n;
        Value bucket = null;
        for (int step : new int[] {16, 8, 4}) {
            Value fires = fb.compare(CmpOp.UGE, rest, fb.constant(1L << step, span), span);
            Value shift = fb.alu(AluOp.SHL, fires, fb.constant(Integer.numberOfTrailingZeros(step), span), span);
            rest = fb.alu(AluOp.LSHR, rest, shift, span);
            bucket = bucket == null ? shift : fb.alu(AluOp.ADD, bucket, shift, span);
        }
        Value fieldShift = fb.alu(AluOp.SHL, rest, fb.constant(2, span), span);
        Value field = fb.alu(AluOp.AND, fb.alu(AluOp.LSHR, fb.constant(SMALL_LOG2_BUCKETS, span), fieldShift, span), fb.constant(15, span), span);
        fb.store(key, offset, fb.alu(AluOp.ADD, bucket, field, span), 8, span);
        done.arm(List.of());
        done.close(span);
    }

    /** Nibble r (r in 0..15) is the log2 bucket of r: 1 for 0, else 2 + floor(log2 r). */
    static final long SMALL_LOG2_BUCKETS = smallLog2Buckets();

    private static long smallLog2Buckets() {
        long table = 1;
        for (int r = 1; r < 16; r++) table |= (long) (2 + 63 - Long.numberOfLeadingZeros(r)) << (4 * r);
        return table;
    }

    /**
     * Stores bpftrace 0.17's lhist bucket of {@code v} (createLinearFunction) at {@code key + offset}:
     * 0 below min, 1 + (max - min) / step above max (both tests signed), else 1 + (v - min) / step
     * with an unsigned division. Inside the bounds, v - min is the exact distance, so when
     * (max - min) + step does not wrap that bucket is (v + (step - min)) / step: one addition instead
     * of a subtraction and an increment. Each arm stores its own bucket, as in {@link #storeLog2}.
     */
    private void storeLinearBucket(Value key, int offset, Value v, long min, long max, long step, SourceSpan span) {
        var done = new Join();
        BlockBuilder below = fb.newBlock();
        BlockBuilder notBelow = fb.newBlock();
        fb.terminate(new Terminator.Branch(fb.compare(CmpOp.SLT, v, fb.constant(min, span), span), below.id, notBelow.id, span));
        fb.switchTo(below);
        fb.store(key, offset, fb.constant(0, span), 8, span);
        done.arm(List.of());
        fb.switchTo(notBelow);
        BlockBuilder above = fb.newBlock();
        BlockBuilder inside = fb.newBlock();
        fb.terminate(new Terminator.Branch(fb.compare(CmpOp.SGT, v, fb.constant(max, span), span), above.id, inside.id, span));
        fb.switchTo(above);
        fb.store(key, offset, fb.constant(1 + Long.divideUnsigned(max - min, step), span), 8, span);
        done.arm(List.of());
        fb.switchTo(inside);
        long width = max - min;
        Value bucket = Long.compareUnsigned(width + step, width) >= 0
                ? fb.alu(AluOp.UDIV, fb.alu(AluOp.ADD, v, fb.constant(step - min, span), span), fb.constant(step, span), span)
                : fb.alu(AluOp.ADD, fb.alu(AluOp.UDIV, fb.alu(AluOp.SUB, v, fb.constant(min, span), span), fb.constant(step, span), span),
                        fb.constant(1, span), span);
        fb.store(key, offset, bucket, 8, span);
        done.arm(List.of());
        done.close(span);
    }

    // ---- expressions

    Value expr(Expr e) {
        return switch (e) {
            case Expr.IntLit lit -> fb.constant(lit.value(), lit.span());
            case Expr.StrLit lit -> stringValue(lit);
            case Expr.Var v -> Optional.ofNullable(env.get(v.name())).orElseGet(() -> {
                unsupported(v.span(), "$" + v.name() + " read where it may be unassigned");
                return fb.constant(0, v.span());
            });
            case Expr.MapRef m -> mapRead(m);
            case Expr.Builtin b -> builtin(b);
            case Expr.Positional p -> positional(p);
            case Expr.PositionalCount p -> fb.constant(program.positionalParams().size(), p.span());
            case Expr.Call c -> call(c);
            case Expr.Unary u -> switch (u.op()) {
                case NEG -> fb.alu(AluOp.SUB, fb.constant(0, u.span()), expr(u.operand()), u.span());
                case LOGICAL_NOT -> fb.compare(CmpOp.EQ, expr(u.operand()), fb.constant(0, u.span()), u.span());
                case BIT_NOT -> fb.alu(AluOp.XOR, expr(u.operand()), fb.constant(-1, u.span()), u.span());
                case DEREF -> program.typeOf(u.operand()) instanceof Type.Pointer || program.typeOf(u.operand()) instanceof Type.Int ? memory(u)
                        : unsupported(u.span(), "the " + u.op().symbol() + " operator");
                case ADDRESS_OF -> unsupported(u.span(), "the " + u.op().symbol() + " operator");
            };
            case Expr.IncDec i -> incDec(i);
            case Expr.Binary b -> binary(b.op(), b.left(), b.right(), b.span());
            case Expr.Ternary t -> ternary(t);
            case Expr.FieldAccess f -> fieldAccess(f);
            case Expr.Index i -> memory(i);
            case Expr.TupleIndex t -> tupleElement(t);
            case Expr.Tuple t -> bufferValue(t);
            case Expr.Cast c -> cast(c);
            case Expr.SizeofType s -> fb.constant(sizeOf(program.sizeofOperand(s)), s.span());
            case Expr.SizeofExpr s -> fb.constant(sizeOf(program.typeOf(s.operand())), s.span());
        };
    }

    private long sizeOf(Type type) {
        return switch (type) {
            case Type.Int i -> i.size();
            case Type.Str s -> s.size();
            case Type.Buffer b -> b.size();
            case Type.Pointer p -> 8;
            case Type.Struct s -> s.size();
            case Type.Array a -> sizeOf(a.element()) * a.length();
            default -> 8;
        };
    }

    /** A tuple (or any value stored as bytes) built in a fresh stack buffer. */
    private Value bufferValue(Expr e) {
        Optional<FieldType> type = MapLayout.fieldType(program, program.typeOf(e));
        if (type.isEmpty()) return unsupported(e.span(), "a value of this type");
        Value buffer = fb.slot(MapLayout.align8(type.get().size()), e.span());
        write(e, buffer, new Field(type.get(), 0), e.span());
        return buffer;
    }

    private Value tupleElement(Expr.TupleIndex t) {
        if (!(MapLayout.fieldType(program, program.typeOf(t.base())).orElse(null) instanceof FieldType.Tuple tuple)
                || t.index() < 0 || t.index() >= tuple.elements().size()) {
            return unsupported(t.span(), "this tuple index");
        }
        Value base = expr(t.base());
        Field element = tuple.elements().get(t.index());
        return switch (element.type()) {
            case FieldType.Int i -> fb.load(base, element.offset(), 8, i.signedness(), t.span());
            case FieldType.KernelSymbol k -> fb.load(base, element.offset(), 8, Signedness.UNSIGNED, t.span());
            case FieldType.Stack s -> fb.load(base, element.offset(), 8, Signedness.UNSIGNED, t.span());
            default -> fb.offset(base, element.offset(), t.span());
        };
    }

    private Value stringValue(Expr e) {
        int size = program.typeOf(e) instanceof Type.Str s ? s.size() : 64;
        Value buffer = fb.slot(MapLayout.align8(size), e.span());
        writeString(e, buffer, 0, size, e.span());
        return buffer;
    }

    private Value builtin(Expr.Builtin b) {
        SourceSpan span = b.span();
        String name = b.name();
        if (name.matches("arg[0-9]+")) return argument(Integer.parseInt(name.substring(3)), span);
        Optional<Long> enumerator = program.constant(b);
        if (enumerator.isPresent()) return fb.constant(enumerator.get(), span);
        return switch (name) {
            case "pid" -> fb.alu(AluOp.LSHR, fb.call(HelperId.GET_CURRENT_PID_TGID, span), fb.constant(32, span), span);
            case "tid" -> low32(fb.call(HelperId.GET_CURRENT_PID_TGID, span), span);
            case "uid" -> low32(fb.call(HelperId.GET_CURRENT_UID_GID, span), span);
            case "gid" -> fb.alu(AluOp.LSHR, fb.call(HelperId.GET_CURRENT_UID_GID, span), fb.constant(32, span), span);
            // bpftrace 0.17 reads CLOCK_BOOTTIME where the kernel has it (CreateGetNs(has_helper_ktime_get_boot_ns))
            case "nsecs" -> fb.call(HelperId.KTIME_GET_BOOT_NS, span);
            case "elapsed" -> elapsed(span);
            case "cpu" -> fb.call(HelperId.GET_SMP_PROCESSOR_ID, span);
            case "rand" -> fb.call(HelperId.GET_PRANDOM_U32, span);
            case "cgroup" -> fb.call(HelperId.GET_CURRENT_CGROUP_ID, span);
            case "curtask" -> fb.call(HelperId.GET_CURRENT_TASK, span);
            case "comm", "probe" -> stringValue(b);
            case "kstack", "ustack" -> stackId(b);
            case "func" -> func(span);
            case "retval" -> retval(b);
            default -> unsupported(span, "the builtin " + name);
        };
    }

    /** bpf_get_stackid into the stack-trace map for the expression's kind and depth (BPF_F_USER_STACK for ustack). */
    private Value stackId(Expr e) {
        if (!(program.typeOf(e) instanceof Type.Stack stack)) return unsupported(e.span(), "a stack without a stack type");
        int map = layout.stackMap(stack.kind(), stack.maxFrames());
        long flags = stack.kind() == FieldType.StackKind.USER ? 1L << 8 : 0;
        Value id = fb.fresh(IrType.I64);
        fb.emit(new Inst.StackId(id, map, fb.context(), flags, e.span()));
        return id;
    }

    private Value low32(Value v, SourceSpan span) {
        return fb.alu(AluOp.LSHR, fb.alu(AluOp.SHL, v, fb.constant(32, span), span), fb.constant(32, span), span);
    }

    private Value argument(int index, SourceSpan span) {
        // a usdt argument lives where its ELF note says (a register, a constant, memory), not in ABI registers
        if (point.point() instanceof jtracec.spec.object.AttachPoint.Usdt usdt) return usdtArgument(usdt, index, span);
        return switch (point.programType()) {
            case KPROBE -> index < PT_REGS_ARGS.length
                    ? fb.load(fb.context(), PT_REGS_ARGS[index], 8, Signedness.UNSIGNED, span)
                    : unsupported(span, "arguments passed on the stack (arg6 and beyond)");
            case RAW_TRACEPOINT, TRACING -> fb.load(fb.context(), 8 * index, 8, Signedness.UNSIGNED, span);
            case TRACEPOINT, PERF_EVENT -> unsupported(span, "arg" + index + " in a " + point.name() + " probe");
        };
    }

    private Value usdtArgument(jtracec.spec.object.AttachPoint.Usdt usdt, int index, SourceSpan span) {
        String probe = usdt.provider() + ":" + usdt.name();
        if (index >= usdt.arguments().size()) {
            diags.report(Diagnostic.error(LowerCode.USDT_ARGUMENT, span, "usdt probe %s has %d argument%s in %s: arg%d does not exist"
                    .formatted(probe, usdt.arguments().size(), usdt.arguments().size() == 1 ? "" : "s", usdt.path(), index))
                    .withHelp("its notes list the arguments: readelf -n " + usdt.path()));
            return fb.constant(0, span);
        }
        String operand = usdt.arguments().get(index);
        return switch (UsdtOperand.parse(operand)) {
            case UsdtOperand.Result.Read read -> new UsdtArguments(fb).read(read.operand(), span);
            case UsdtOperand.Result.Unreadable unreadable -> {
                diags.report(Diagnostic.error(LowerCode.USDT_ARGUMENT, span, "arg%d of usdt probe %s (%s) cannot be read: %s"
                        .formatted(index, probe, operand, unreadable.reason())));
                yield fb.constant(0, span);
            }
        };
    }

    /**
     * A uprobe's func is the instruction pointer in its pt_regs, as bpftrace 0.17 reads it
     * (CreateRegisterRead of "ip"); in the kernel, bpf_get_func_ip.
     */
    private Value func(SourceSpan span) {
        if (point.point() instanceof jtracec.spec.object.AttachPoint.Uprobe) {
            return fb.load(fb.context(), PT_REGS_IP, 8, Signedness.UNSIGNED, span);
        }
        return point.programType() == jtracec.spec.kernel.ProgramType.KPROBE
                || point.programType() == jtracec.spec.kernel.ProgramType.TRACING
                ? fb.call(HelperId.GET_FUNC_IP, span, fb.context())
                : unsupported(span, "func in " + point.name());
    }

    private Value retval(Expr.Builtin b) {
        SourceSpan span = b.span();
        return switch (point.programType()) {
            case KPROBE -> fb.load(fb.context(), PT_REGS_AX, 8, Signedness.SIGNED, span);
            // fexit's context: the arguments as u64s, then the return value
            case TRACING -> program.returnValueLayout(b)
                    .map(place -> narrow(fb.load(fb.context(), place.offset(), 8, Signedness.UNSIGNED, span), program.typeOf(b), span))
                    .orElseGet(() -> unsupported(span, "retval in " + point.name()));
            case TRACEPOINT, PERF_EVENT, RAW_TRACEPOINT -> unsupported(span, "retval in " + point.name());
        };
    }

    /** A u64 context slot as a value of {@code type}: narrower integers keep their low bytes, extended by their sign. */
    private Value narrow(Value raw, Type type, SourceSpan span) {
        if (!(type instanceof Type.Int i) || i.size() == 8) return raw;
        Value bits = fb.constant(64 - 8L * i.size(), span);
        return fb.alu(i.signedness() == Signedness.SIGNED ? AluOp.ASHR : AluOp.LSHR, fb.alu(AluOp.SHL, raw, bits, span), bits, span);
    }

    private Value positional(Expr.Positional p) {
        String text = p.index() <= program.positionalParams().size() ? program.positionalParams().get(p.index() - 1) : "";
        if (program.typeOf(p) instanceof Type.Str) return stringValue(p);
        try {
            return fb.constant(Long.decode(text.isEmpty() ? "0" : text), p.span());
        } catch (NumberFormatException ex) {
            return unsupported(p.span(), "$" + p.index() + " is not a number");
        }
    }

    private Value call(Expr.Call c) {
        return switch (c.function()) {
            case "str" -> stringValue(c);
            case "buf", "strftime" -> bufferValue(c);
            case "path" -> stringValue(c);
            case "kstack", "ustack" -> stackId(c);
            case "ksym", "usym" -> c.args().isEmpty() ? unsupported(c.span(), c.function() + " without argument") : expr(c.args().get(0));
            case "ntop", "macaddr" -> bufferValue(c);
            case "pton", "bswap", "kaddr", "uaddr", "cgroupid" -> addressCall(c);
            default -> unsupported(c.span(), "the function " + c.function() + " in an expression");
        };
    }

    private Value incDec(Expr.IncDec i) {
        SourceSpan span = i.span();
        Value one = fb.constant(1, span);
        AluOp op = i.op().isIncrement() ? AluOp.ADD : AluOp.SUB;
        switch (i.target()) {
            case Expr.Var v -> {
                Value old = expr(v);
                Value updated = fb.alu(op, old, one, span);
                bind(v.name(), updated);
                return i.op().isPrefix() ? updated : old;
            }
            case Expr.MapRef m -> {
                Optional<MapLayout> map = mapLayout(m);
                if (map.isEmpty()) return fb.constant(0, span);
                Value old = mapRead(m);
                Value updated = fb.alu(op, old, one, span);
                mapWriteInt(map.get(), m, updated, span);
                return i.op().isPrefix() ? updated : old;
            }
            default -> {
                return unsupported(span, "++/-- on this kind of expression");
            }
        }
    }

    private Value binary(BinOp op, Expr left, Expr right, SourceSpan span) {
        if (op.isLogical()) return logical(op, left, right, span);
        Type leftType = program.typeOf(left);
        Type rightType = program.typeOf(right);
        if (leftType instanceof Type.Str || rightType instanceof Type.Str) {
            if (op != BinOp.EQ && op != BinOp.NE) return unsupported(span, "the " + op.symbol() + " operator on strings");
            Value equal = stringEquals(left, right, span);
            return op == BinOp.EQ ? equal : fb.alu(AluOp.XOR, equal, fb.constant(1, span), span);
        }
        Value l = expr(left);
        Value r = expr(right);
        boolean signed = isSigned(leftType) && isSigned(rightType);
        return switch (op) {
            case ADD -> fb.alu(AluOp.ADD, l, r, span);
            case SUB -> fb.alu(AluOp.SUB, l, r, span);
            case MUL -> fb.alu(AluOp.MUL, l, r, span);
            case DIV -> fb.alu(AluOp.UDIV, l, r, span);
            case MOD -> fb.alu(AluOp.UMOD, l, r, span);
            case BIT_AND -> fb.alu(AluOp.AND, l, r, span);
            case BIT_OR -> fb.alu(AluOp.OR, l, r, span);
            case BIT_XOR -> fb.alu(AluOp.XOR, l, r, span);
            case SHL -> fb.alu(AluOp.SHL, l, r, span);
            // bpftrace 0.17 shifts right logically whatever the operand's sign (codegen_llvm.cpp, Binop: CreateLShr)
            case SHR -> fb.alu(AluOp.LSHR, l, r, span);
            case EQ -> fb.compare(CmpOp.EQ, l, r, span);
            case NE -> fb.compare(CmpOp.NE, l, r, span);
            case LT -> fb.compare(signed ? CmpOp.SLT : CmpOp.ULT, l, r, span);
            case LE -> fb.compare(signed ? CmpOp.SLE : CmpOp.ULE, l, r, span);
            case GT -> fb.compare(signed ? CmpOp.SGT : CmpOp.UGT, l, r, span);
            case GE -> fb.compare(signed ? CmpOp.SGE : CmpOp.UGE, l, r, span);
            case LOGICAL_AND, LOGICAL_OR -> throw new IllegalStateException("bug: logical operator reached arithmetic");
        };
    }

    private static boolean isSigned(Type type) {
        return !(type instanceof Type.Int i) || i.signedness() == Signedness.SIGNED;
    }

    private Value logical(BinOp op, Expr left, Expr right, SourceSpan span) {
        Value l = expr(left);
        BlockBuilder evaluateRight = fb.newBlock();
        BlockBuilder shortCircuit = fb.newBlock();
        if (op == BinOp.LOGICAL_AND) {
            fb.terminate(new Terminator.Branch(l, evaluateRight.id, shortCircuit.id, span));
        } else {
            fb.terminate(new Terminator.Branch(l, shortCircuit.id, evaluateRight.id, span));
        }
        var join = new Join();
        fb.switchTo(shortCircuit);
        join.arm(List.of(fb.constant(op == BinOp.LOGICAL_AND ? 0 : 1, span)));
        fb.switchTo(evaluateRight);
        Value r = expr(right);
        join.arm(List.of(fb.compare(CmpOp.NE, r, fb.constant(0, span), span)));
        return join.close(span).get(0);
    }

    /** 1 when the strings are equal up to and including the first NUL (bpftrace's strcmp), else 0. */
    private Value stringEquals(Expr left, Expr right, SourceSpan span) {
        if (left instanceof Expr.StrLit lit) return stringEqualsLiteral(expr(right), sizeOfString(right), lit, span);
        if (right instanceof Expr.StrLit lit) return stringEqualsLiteral(expr(left), sizeOfString(left), lit, span);
        Value a = expr(left);
        Value b = expr(right);
        int n = Math.min(sizeOfString(left), sizeOfString(right));
        var join = new Join();
        BlockBuilder different = fb.newBlock();
        BlockBuilder same = fb.newBlock();
        for (int i = 0; i < n; i++) {
            Value x = fb.load(a, i, 1, Signedness.UNSIGNED, span);
            Value y = fb.load(b, i, 1, Signedness.UNSIGNED, span);
            BlockBuilder next = fb.newBlock();
            fb.terminate(new Terminator.Branch(fb.compare(CmpOp.NE, x, y, span), different.id, next.id, span));
            fb.switchTo(next);
            BlockBuilder more = fb.newBlock();
            fb.terminate(new Terminator.Branch(fb.compare(CmpOp.EQ, x, fb.constant(0, span), span), same.id, more.id, span));
            fb.switchTo(more);
        }
        fb.terminate(new Terminator.Jump(same.id, List.of(), span));
        fb.switchTo(same);
        join.arm(List.of(fb.constant(1, span)));
        fb.switchTo(different);
        join.arm(List.of(fb.constant(0, span)));
        return join.close(span).get(0);
    }

    private Value stringEqualsLiteral(Value buffer, int size, Expr.StrLit lit, SourceSpan span) {
        byte[] bytes = lit.value().getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length + 1, size);
        var join = new Join();
        BlockBuilder different = fb.newBlock();
        for (int i = 0; i < n; i++) {
            int expected = i < bytes.length ? bytes[i] & 0xff : 0;
            Value x = fb.load(buffer, i, 1, Signedness.UNSIGNED, span);
            BlockBuilder next = fb.newBlock();
            fb.terminate(new Terminator.Branch(fb.compare(CmpOp.NE, x, fb.constant(expected, span), span), different.id, next.id, span));
            fb.switchTo(next);
        }
        join.arm(List.of(fb.constant(1, span)));
        fb.switchTo(different);
        join.arm(List.of(fb.constant(0, span)));
        return join.close(span).get(0);
    }

    private int sizeOfString(Expr e) {
        return program.typeOf(e) instanceof Type.Str s ? s.size() : 64;
    }

    private Value ternary(Expr.Ternary t) {
        if (program.typeOf(t) instanceof Type.Str s) {
            return ternaryInto(t, fb.slot(s.size(), t.span()), (arm, buffer) -> writeString(arm, buffer, 0, s.size(), t.span()));
        }
        if (isAddressValue(program.typeOf(t))) {
            FieldType field = MapLayout.fieldType(program, program.typeOf(t)).orElseThrow();
            return ternaryInto(t, fb.slot(MapLayout.align8(field.size()), t.span()),
                    (arm, buffer) -> write(arm, buffer, new Field(field, 0), t.span()));
        }
        return ternaryArms(t, arm -> List.of(expr(arm))).get(0);
    }

    /**
     * A ternary whose value lives in memory writes either arm into one buffer made before the
     * branch, so no stack pointers meet at the join, and arms of different sizes (bpftrace types
     * a string result as the larger) read no further than their own buffer.
     */
    private Value ternaryInto(Expr.Ternary t, Value buffer, java.util.function.BiConsumer<Expr, Value> writeArm) {
        ternaryArms(t, arm -> {
            writeArm.accept(arm, buffer);
            return List.of();
        });
        return buffer;
    }

    /** Branches on the condition, lowers each arm in its own copy of the environment, and joins the values each arm yields. */
    private List<Value> ternaryArms(Expr.Ternary t, java.util.function.Function<Expr, List<Value>> arm) {
        Value cond = expr(t.condition());
        BlockBuilder ifTrue = fb.newBlock();
        BlockBuilder ifFalse = fb.newBlock();
        fb.terminate(new Terminator.Branch(cond, ifTrue.id, ifFalse.id, t.span()));
        var saved = new HashMap<>(env);
        var join = new Join();
        fb.switchTo(ifTrue);
        join.arm(arm.apply(t.ifTrue()));
        env = new HashMap<>(saved);
        fb.switchTo(ifFalse);
        join.arm(arm.apply(t.ifFalse()));
        return join.close(t.span());
    }

    private Value fieldAccess(Expr.FieldAccess f) {
        if (program.memberLayout(f).isPresent() && program.typeOf(f.base()) instanceof Type.Context) return kfuncArgument(f);
        if (program.memberLayout(f).isPresent()) return memory(f);
        if (!(f.base() instanceof Expr.Builtin b) || !b.name().equals("args") || point.tracepoint().isEmpty()) {
            return unsupported(f.span(), "field access other than args->field on a tracepoint");
        }
        var field = point.tracepoint().get().field(f.field());
        if (field.isEmpty()) return unsupported(f.span(), "args->" + f.field());
        Type type = program.typeOf(f);
        if (type instanceof Type.Str) return stringValue(f);
        int size = field.get().size();
        if (size != 1 && size != 2 && size != 4 && size != 8) return unsupported(f.span(), "args->" + f.field() + " of " + size + " bytes");
        Signedness signedness = field.get().isSigned() ? Signedness.SIGNED : Signedness.UNSIGNED;
        return fb.load(fb.context(), field.get().offset(), size, signedness, f.span());
    }

    // ---- struct navigation: kernel and user memory through probe-read helpers

    /** An address in kernel or user memory, as a 64-bit integer. */
    private record Address(Value value, Type.AddressSpace space) {}

    /**
     * The address of a place in memory a script navigates to ({@code p->f}, {@code s.f} of such a
     * place, {@code a[i]}, {@code *p}), with nothing read yet: a chain of members costs one read.
     */
    private Optional<Address> address(Expr e) {
        return switch (e) {
            case Expr.FieldAccess f when program.memberLayout(f).isPresent() -> {
                int offset = program.memberLayout(f).get().offset();
                if (program.typeOf(f.base()) instanceof Type.Pointer p) {
                    yield Optional.of(new Address(fb.plus(expr(f.base()), offset, f.span()), p.space()));
                }
                yield address(f.base()).map(base -> new Address(fb.plus(base.value(), offset, f.span()), base.space()));
            }
            case Expr.Unary u when u.op() == jtracec.compiler.ast.UnOp.DEREF && program.typeOf(u.operand()) instanceof Type.Pointer p ->
                    Optional.of(new Address(expr(u.operand()), p.space()));
            // bpftrace 0.17 reads 64 bits at an integer address, e.g. *kaddr("avenrun")
            case Expr.Unary u when u.op() == jtracec.compiler.ast.UnOp.DEREF && program.typeOf(u.operand()) instanceof Type.Int ->
                    Optional.of(new Address(expr(u.operand()), isUserAddress(u.operand()) ? Type.AddressSpace.USER : Type.AddressSpace.KERNEL));
            case Expr.Index i when program.typeOf(i.base()) instanceof Type.Pointer p ->
                    Optional.of(new Address(element(expr(i.base()), i, p.pointee()), p.space()));
            case Expr.Index i when program.typeOf(i.base()) instanceof Type.Array a ->
                    address(i.base()).map(base -> new Address(element(base.value(), i, a.element()), base.space()));
            default -> Optional.empty();
        };
    }

    private Value element(Value base, Expr.Index i, Type element) {
        long size = sizeOf(element);
        if (i.index() instanceof Expr.IntLit lit) return fb.plus(base, Math.multiplyExact(lit.value(), size), i.span());
        return fb.alu(AluOp.ADD, base, fb.alu(AluOp.MUL, expr(i.index()), fb.constant(size, i.span()), i.span()), i.span());
    }


    /**
     * Reads the value at a navigated place: integers, pointers and bitfields into a stack slot and
     * from there into a register; char arrays as strings; structs and arrays copied whole, as
     * bpftrace 0.17 copies them onto the stack.
     */
    private Value memory(Expr e) {
        Optional<Address> found = address(e);
        if (found.isEmpty()) return unsupported(e.span(), "reading this place in memory");
        Address address = found.get();
        Type type = program.typeOf(e);
        SourceSpan span = e.span();
        Optional<jtracec.compiler.sema.MemberLayout> member = e instanceof Expr.FieldAccess f ? program.memberLayout(f) : Optional.empty();
        if (member.isPresent() && member.get().isBitfield()) {
            var bits = member.get();
            Value raw = readScalar(address, bits.loadSize(), Signedness.UNSIGNED, span);
            Value shifted = bits.bitShift() == 0 ? raw : fb.alu(AluOp.LSHR, raw, fb.constant(bits.bitShift(), span), span);
            return bits.bitWidth() >= 64 ? shifted : fb.alu(AluOp.AND, shifted, fb.constant((1L << bits.bitWidth()) - 1, span), span);
        }
        return switch (type) {
            case Type.Int i when i.size() == 1 || i.size() == 2 || i.size() == 4 || i.size() == 8 ->
                    readScalar(address, i.size(), i.signedness(), span);
            case Type.Pointer p -> readScalar(address, 8, Signedness.UNSIGNED, span);
            case Type.Str str -> {
                Value buffer = fb.slot(MapLayout.align8(str.size()), span);
                fb.zero(buffer, 0, MapLayout.align8(str.size()), span);
                fb.call(address.space() == Type.AddressSpace.USER ? HelperId.PROBE_READ_USER_STR : HelperId.PROBE_READ_KERNEL_STR,
                        span, buffer, fb.constant(str.size(), span), address.value());
                yield buffer;
            }
            case Type.Struct struct when struct.size() > 0 -> readBytes(address, struct.size(), span);
            case Type.Array array -> readBytes(address, (int) sizeOf(array), span);
            default -> unsupported(span, "reading a value of type " + type);
        };
    }

    private Value readScalar(Address address, int size, Signedness signedness, SourceSpan span) {
        Value buffer = readBytes(address, size, span);
        return fb.load(buffer, 0, size, signedness, span);
    }

    /** bpf_probe_read_{kernel,user} into a fresh slot; the helper zeroes it when the read faults. */
    private Value readBytes(Address address, int size, SourceSpan span) {
        Value buffer = fb.slot(MapLayout.align8(size), span);
        fb.call(address.space() == Type.AddressSpace.USER ? HelperId.PROBE_READ_USER : HelperId.PROBE_READ_KERNEL,
                span, buffer, fb.constant(size, span), address.value());
        return buffer;
    }

    /** A kfunc argument: fentry's context is the arguments as u64s; narrower types keep their low bytes. */
    private Value kfuncArgument(Expr.FieldAccess f) {
        Type type = program.typeOf(f);
        if (!(type instanceof Type.Int || type instanceof Type.Pointer)) {
            return unsupported(f.span(), "a kfunc argument passed by value as " + type);
        }
        return narrow(fb.load(fb.context(), program.memberLayout(f).get().offset(), 8, Signedness.UNSIGNED, f.span()), type, f.span());
    }

    private Value cast(Expr.Cast c) {
        Value v = expr(c.operand());
        if (!(program.typeOf(c) instanceof Type.Int target) || target.size() == 8 || v.type() != IrType.I64) return v;
        Value bits = fb.constant(64 - 8L * target.size(), c.span());
        Value shifted = fb.alu(AluOp.SHL, v, bits, c.span());
        return fb.alu(target.signedness() == Signedness.SIGNED ? AluOp.ASHR : AluOp.LSHR, shifted, bits, c.span());
    }

    // ---- writing values into records and keys

    void write(Expr e, Value base, Field field, SourceSpan span) {
        switch (field.type()) {
            case FieldType.Str s -> writeString(e, base, field.offset(), s.size(), span);
            case FieldType.Int i -> fb.store(base, field.offset(), expr(e), 8, span);
            case FieldType.KernelSymbol k -> fb.store(base, field.offset(), expr(e), 8, span);
            case FieldType.Stack s -> fb.store(base, field.offset(), expr(e), 8, span);
            case FieldType.Buffer b -> writeBuffer(e, base, field.offset(), b.size() - 1, span);
            case FieldType.Timestamp t -> {
                if (e instanceof Expr.Call c && c.function().equals("strftime") && c.args().get(0) instanceof Expr.StrLit format) {
                    // bpftrace 0.17's AsyncEvent::Strftime: the format's id, then the nanoseconds
                    fb.store(base, field.offset(), fb.constant(layout.addPrintf(format.value(), List.of(), 16), span), 8, span);
                    fb.store(base, field.offset() + 8, expr(c.args().get(1)), 8, span);
                } else {
                    fb.copy(expr(e), 0, base, field.offset(), t.size(), span);
                }
            }
            case FieldType.UserSymbol u -> {
                Value v = expr(e);
                if (v.type() == IrType.STACK) {
                    fb.copy(v, 0, base, field.offset(), u.size(), span);
                } else {
                    // bpftrace 0.17's CreateUSym: the address, then the current process's pid
                    fb.store(base, field.offset(), v, 8, span);
                    Value pid = fb.alu(AluOp.LSHR, fb.call(HelperId.GET_CURRENT_PID_TGID, span), fb.constant(32, span), span);
                    fb.store(base, field.offset() + 8, pid, 8, span);
                }
            }
            case FieldType.Inet inet -> writeInet(e, base, field.offset(), span);
            case FieldType.MacAddress mac -> writeMac(e, base, field.offset(), span);
            case FieldType.Tuple t -> {
                if (e instanceof Expr.Tuple literal && literal.elements().size() == t.elements().size()) {
                    for (int i = 0; i < t.elements().size(); i++) {
                        Field element = t.elements().get(i);
                        write(literal.elements().get(i), base, new Field(element.type(), field.offset() + element.offset()), span);
                    }
                } else {
                    fb.copy(expr(e), 0, base, field.offset(), MapLayout.align8(t.size()), span);
                }
            }
            // a whole struct (or array) was read onto the stack by memory(); copied as it lies, the
            // padding up to the next 8-byte boundary zeroed, as the field after it starts there
            case FieldType.Struct struct -> writeWhole(e, base, field.offset(), struct.size(), span);
            case FieldType.Array array -> writeWhole(e, base, field.offset(), array.size(), span);
            default -> unsupported(span, "storing a value of this type");
        }
    }

    /**
     * Writes the string {@code e} as {@code str[size]} at {@code base + offset}, initialising all
     * {@code align8(size)} bytes, straight from its source where there is one (no extra copy).
     */
    private void writeString(Expr e, Value base, int offset, int size, SourceSpan span) {
        int full = MapLayout.align8(size);
        switch (e) {
            case Expr.StrLit lit -> fb.literal(lit.value(), base, offset, size, span);
            case Expr.Builtin b when b.name().equals("probe") -> fb.literal(point.name(), base, offset, size, span);
            case Expr.Builtin b when b.name().equals("comm") -> {
                int n = Math.min(size, 16);
                fb.call(HelperId.GET_CURRENT_COMM, span, fb.offset(base, offset, span), fb.constant(n, span));
                fb.zero(base, offset + n, full - n, span);
            }
            case Expr.Positional p when program.typeOf(p) instanceof Type.Str -> {
                int index = p.index() - 1;
                String text = index < program.positionalParams().size() ? program.positionalParams().get(index) : "";
                fb.literal(text, base, offset, size, span);
            }
            case Expr.Call c when c.function().equals("path") && !c.args().isEmpty() -> {
                // bpf_d_path into a zeroed buffer of the string's size, as bpftrace 0.17's CreatePath
                // the kernel takes only a struct path the traced function was given (a BTF pointer)
                Value pathPointer = program.typeOf(c.args().get(0)) instanceof Type.Pointer
                        ? expr(c.args().get(0))
                        : unsupported(c.args().get(0).span(), "path() of a struct member (pass a struct path pointer argument)");
                fb.zero(base, offset, full, span);
                fb.call(HelperId.D_PATH, span, pathPointer, fb.offset(base, offset, span), fb.constant(size, span));
            }
            case Expr.Call c when c.function().equals("str") && !c.args().isEmpty() -> {
                Value source = expr(c.args().get(0));
                int n = size;
                if (c.args().size() > 1) {
                    if (!(c.args().get(1) instanceof Expr.IntLit length) || length.value() < 1) {
                        unsupported(c.args().get(1).span(), "str with a length that is not a positive constant");
                        return;
                    }
                    n = (int) Math.min(size, length.value() + 1);
                }
                fb.zero(base, offset, full, span);
                fb.call(isUserAddress(c.args().get(0)) ? HelperId.PROBE_READ_USER_STR : HelperId.PROBE_READ_KERNEL_STR,
                        span, fb.offset(base, offset, span), fb.constant(n, span), source);
            }
            case Expr.FieldAccess f when f.base() instanceof Expr.Builtin b && b.name().equals("args")
                    && point.tracepoint().isPresent() && point.tracepoint().get().field(f.field()).isPresent() -> {
                var field = point.tracepoint().get().field(f.field()).get();
                int n = Math.min(size, field.size());
                fb.copy(fb.context(), field.offset(), base, offset, n, span);
                fb.zero(base, offset + n, full - n, span);
            }
            default -> {
                Value source = expr(e);
                int n = Math.min(full, MapLayout.align8(sizeOfString(e)));
                fb.copy(source, 0, base, offset, n, span);
                fb.zero(base, offset + n, full - n, span);
            }
        }
    }

    /**
     * buf(p, n) as bpftrace 0.17 lays it out: the length byte, then {@code capacity} bytes read
     * from {@code p} (kernel or user memory as for str), the rest zero.
     */
    private void writeBuffer(Expr e, Value base, int offset, int capacity, SourceSpan span) {
        if (!(e instanceof Expr.Call c && c.function().equals("buf") && !c.args().isEmpty())) {
            Value source = expr(e);
            fb.copy(source, 0, base, offset, MapLayout.align8(capacity + 1), span);
            return;
        }
        if (!(program.typeOf(c.args().get(0)) instanceof Type.Pointer || program.typeOf(c.args().get(0)) instanceof Type.Int)) {
            unsupported(c.args().get(0).span(), "buf of an array");
            return;
        }
        Value length = fb.constant(capacity, span);
        if (c.args().size() > 1) {
            if (c.args().get(1) instanceof Expr.IntLit literal) {
                if (literal.value() < 1) {
                    unsupported(c.args().get(1).span(), "buf with a length that is not positive");
                    return;
                }
                length = fb.constant(Math.min(capacity, literal.value()), span);
            } else {
                length = atMost(expr(c.args().get(1)), capacity, span);
            }
        }
        Value source = expr(c.args().get(0));
        fb.zero(base, offset, MapLayout.align8(capacity + 1), span);
        fb.store(base, offset, length, 1, span);
        fb.call(isUserAddress(c.args().get(0)) ? HelperId.PROBE_READ_USER : HelperId.PROBE_READ_KERNEL,
                span, fb.offset(base, offset + 1, span), length, source);
    }

    /**
     * A runtime length clamped to the buffer, as bpftrace 0.17's buf(): the length if it is at most
     * {@code capacity} (unsigned, so a negative one is too long), else the capacity.
     */
    private Value atMost(Value length, int capacity, SourceSpan span) {
        Value limit = fb.constant(capacity, span);
        BlockBuilder fits = fb.newBlock();
        BlockBuilder tooLong = fb.newBlock();
        fb.terminate(new Terminator.Branch(fb.compare(CmpOp.ULE, length, limit, span), fits.id, tooLong.id, span));
        var join = new Join();
        fb.switchTo(fits);
        join.arm(List.of(length));
        fb.switchTo(tooLong);
        join.arm(List.of(fb.constant(capacity, span)));
        return join.close(span).get(0);
    }

    // ---- address functions (AddressFunctions emits them; this decides where their operands lie)

    private static boolean isAddressValue(Type type) {
        return type instanceof Type.Inet || type instanceof Type.MacAddress;
    }

    private void writeWhole(Expr e, Value base, int offset, int size, SourceSpan span) {
        fb.copy(expr(e), 0, base, offset, size, span);
        if (MapLayout.align8(size) > size) fb.zero(base, offset + size, MapLayout.align8(size) - size, span);
    }

    /**
     * An inet or mac_address scratch variable lives in one buffer made in the entry block, and
     * each assignment writes it, as bpftrace's alloca and memcpy: the corpus tools assign ntop()
     * in both arms of an if, and one buffer keeps every path reading bytes written on that path
     * (no join of two stack pointers).
     */
    private void assignBytes(Expr.Var v, Expr value, SourceSpan span) {
        FieldType field = MapLayout.fieldType(program, program.typeOf(value)).orElseThrow();
        Value slot = variableSlots.computeIfAbsent(v.name(), name -> fb.entrySlot(MapLayout.align8(field.size()), span));
        if (value instanceof Expr.Var source && slot.equals(env.get(source.name()))) return;
        write(value, slot, new Field(field, 0), span);
        env.put(v.name(), slot);
    }

    private Value addressCall(Expr.Call c) {
        SourceSpan span = c.span();
        return switch (c.function()) {
            case "pton" -> c.args().get(0) instanceof Expr.StrLit lit
                    ? AddressLiteral.parse(lit.value()).map(bytes -> addresses.constantBytes(bytes, span))
                            .orElseGet(() -> unsupported(span, "pton of \"" + lit.value() + "\""))
                    : unsupported(span, "pton of anything but an address literal");
            case "bswap" -> program.typeOf(c.args().get(0)) instanceof Type.Int i
                    ? addresses.bswap(expr(c.args().get(0)), i.size(), span)
                    : unsupported(span, "bswap of a non-integer");
            case "uaddr" -> userAddress(c);
            default -> program.constant(c).map(value -> fb.constant(value, span)).orElseGet(() -> unresolved(c));
        };
    }

    /** kaddr and cgroupid whose name the target does not have: bpftrace 0.17 fails in code generation too. */
    private Value unresolved(Expr.Call c) {
        String name = c.args().get(0) instanceof Expr.StrLit lit ? lit.value() : "";
        Diagnostic diagnostic = c.function().equals("kaddr")
                ? Diagnostic.error(LowerCode.UNRESOLVED_NAME, c.args().get(0).span(),
                                "%s is not a kernel symbol of the target kernel: its kallsyms does not list it".formatted(name))
                        .withHelp("kaddr() takes a symbol /proc/kallsyms lists (data symbols only with CONFIG_KALLSYMS_ALL)")
                : Diagnostic.error(LowerCode.UNRESOLVED_NAME, c.args().get(0).span(),
                                "cannot get the cgroup id of %s: it is not a directory of the cgroup2 file system".formatted(name))
                        .withHelp("give a cgroup v2 directory (where cgroup2 is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified "
                                + "on hybrid systems; see grep cgroup2 /proc/mounts)");
        diags.report(diagnostic);
        return fb.constant(0, c.span());
    }

    /** The address sema resolved in the binary this program's attach point probes. */
    private Value userAddress(Expr.Call c) {
        String binary = switch (point.point()) {
            case jtracec.spec.object.AttachPoint.Uprobe u -> u.path();
            case jtracec.spec.object.AttachPoint.Usdt u -> u.path();
            default -> "";
        };
        return program.userAddress(c, binary).map(value -> fb.constant(value, c.span()))
                .orElseGet(() -> unsupported(c.span(), "uaddr outside a uprobe or usdt probe"));
    }

    /** ntop([family, ] address) as bpftrace 0.17: without a family, AF_INET for an integer or 4 bytes, else AF_INET6. */
    private void writeInet(Expr e, Value base, int offset, SourceSpan span) {
        if (!(e instanceof Expr.Call c && c.function().equals("ntop") && !c.args().isEmpty())) {
            fb.copy(expr(e), 0, base, offset, AddressFunctions.INET_SIZE, span);
            return;
        }
        Expr address = c.args().get(c.args().size() - 1);
        Type type = program.typeOf(address);
        Value family = c.args().size() == 2 ? expr(c.args().get(0))
                : fb.constant(type instanceof Type.Int || sizeOf(type) == 4 ? AddressFunctions.AF_INET : AddressFunctions.AF_INET6, span);
        if (type instanceof Type.Int) {
            addresses.inet(base, offset, family, expr(address), span);
        } else {
            addresses.inet(base, offset, family, bytesOf(address), (int) sizeOf(type), span);
        }
    }

    private void writeMac(Expr e, Value base, int offset, SourceSpan span) {
        if (!(e instanceof Expr.Call c && c.function().equals("macaddr") && c.args().size() == 1)) {
            fb.copy(expr(e), 0, base, offset, MapLayout.align8(AddressFunctions.MAC_SIZE), span);
            return;
        }
        addresses.mac(base, offset, bytesOf(c.args().get(0)), span);
    }

    /**
     * Where the bytes of an address argument lie: an integer or pointer is an address to read
     * through; an array in kernel or user memory is read where it lies; a tracepoint's array field
     * is in the context; anything else is evaluated onto the stack (a buffer's bytes follow its length byte).
     */
    private AddressFunctions.Bytes bytesOf(Expr e) {
        Type type = program.typeOf(e);
        if (type instanceof Type.Int || type instanceof Type.Pointer) {
            return new AddressFunctions.Bytes.InMemory(expr(e), isUserAddress(e) ? HelperId.PROBE_READ_USER : HelperId.PROBE_READ_KERNEL);
        }
        Optional<Address> place = address(e);
        if (place.isPresent()) {
            return new AddressFunctions.Bytes.InMemory(place.get().value(),
                    place.get().space() == Type.AddressSpace.USER ? HelperId.PROBE_READ_USER : HelperId.PROBE_READ_KERNEL);
        }
        if (e instanceof Expr.FieldAccess f && f.base() instanceof Expr.Builtin b && b.name().equals("args")
                && program.memberLayout(f).isEmpty() && point.tracepoint().flatMap(tp -> tp.field(f.field())).isPresent()) {
            return new AddressFunctions.Bytes.Loadable(fb.context(), point.tracepoint().get().field(f.field()).get().offset());
        }
        return new AddressFunctions.Bytes.Loadable(expr(e), type instanceof Type.Buffer ? 1 : 0);
    }

    /**
     * bpftrace 0.17 reads user memory for uprobe, usdt and syscall-tracepoint arguments and
     * kernel memory otherwise, unless the pointer type says which.
     */
    boolean isUserAddress(Expr pointer) {
        if (program.typeOf(pointer) instanceof Type.Pointer p) return p.space() == Type.AddressSpace.USER;
        return switch (point.point()) {
            case jtracec.spec.object.AttachPoint.Uprobe u -> true;
            case jtracec.spec.object.AttachPoint.Usdt u -> true;
            case jtracec.spec.object.AttachPoint.Tracepoint t -> t.category().equals("syscalls");
            default -> false;
        };
    }





    // ---- emission









    Value unsupported(SourceSpan span, String what) {
        diags.report(Diagnostic.error(LowerCode.UNSUPPORTED, span, what + " is not supported yet"));
        return fb.constant(0, span);
    }
}

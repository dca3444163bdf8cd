package jtracec.verifier.obligation;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jtracec.spec.helper.ArgKind;
import jtracec.spec.helper.HelperId;
import jtracec.spec.helper.HelperProto;
import jtracec.spec.helper.Helpers;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.MapSpec;
import jtracec.verifier.obligation.Obligation.Access;
import jtracec.verifier.obligation.Obligation.Subject;
import jtracec.verifier.state.AbstractState;
import jtracec.verifier.state.Fresh;
import jtracec.verifier.state.Formula;
import jtracec.verifier.state.StackMemory;
import jtracec.verifier.state.Term;
import jtracec.verifier.state.Value;

/**
 * Generates the obligations of one instruction from the state before it, each with its violation
 * formula. It reads states but never computes them: the transfer function is separate, so what is
 * checked does not depend on how the analysis got there. The rules follow the kernel's
 * {@code check_mem_access()}, {@code check_func_arg()} and {@code adjust_ptr_min_max_vals()} in
 * kernel/bpf/verifier.c, made stricter where ARCHITECTURE.md asks (no pointer leaks at all).
 */
public final class ObligationGenerator {
    private final List<MapSpec> maps;
    private final Region ctx;
    private final Fresh fresh;
    private final InputNames names;

    public ObligationGenerator(List<MapSpec> maps, Region ctx, Fresh fresh, InputNames names) {
        this.maps = List.copyOf(maps);
        this.ctx = ctx;
        this.fresh = fresh;
        this.names = names;
    }

    public List<Goal> at(int pc, Insn insn, AbstractState s) {
        var goals = new ArrayList<Goal>();
        int op = insn.opcode();
        switch (insn.opClass()) {
            case ALU, ALU64 -> alu(pc, insn, s, goals);
            case LDX -> {
                read(pc, insn.src(), s, goals);
                access(pc, insn.src(), insn.offset(), bytes(op), Optional.empty(), false, s, goals);
            }
            case ST -> {
                read(pc, insn.dst(), s, goals);
                access(pc, insn.dst(), insn.offset(), bytes(op), Optional.empty(), true, s, goals);
            }
            case STX -> {
                read(pc, insn.dst(), s, goals);
                read(pc, insn.src(), s, goals);
                if (mode(op) == ATOMIC) atomic(pc, insn, s, goals);
                else access(pc, insn.dst(), insn.offset(), bytes(op), Optional.of(insn.src()), true, s, goals);
            }
            case LD -> {}
            case JMP, JMP32 -> jump(pc, insn, s, goals);
            default -> throw new IllegalStateException("bug: instruction class of " + insn + " passed the CFG checks");
        }
        return goals;
    }

    // ---- registers

    private void read(int pc, int reg, AbstractState s, List<Goal> goals) {
        boolean uninit = s.register(reg) instanceof Value.Uninit;
        goals.add(new Goal(new Obligation.Initialised(pc, new Subject.Register(reg)), truth(uninit), List.of(), "",
                "r%d is read before it is written on some path".formatted(reg)));
    }

    private void notMixed(int pc, int reg, AbstractState s, List<Goal> goals) {
        if (s.register(reg) instanceof Value.Mixed) {
            goals.add(pointerUse(pc, reg, Formula.TRUE, "a number or the same kind of pointer on every path",
                    "r%d holds a pointer on some paths and something else on others".formatted(reg)));
        }
    }

    private static Goal pointerUse(int pc, int reg, Formula violation, String requirement, String message) {
        return new Goal(new Obligation.PointerUse(pc, reg, requirement), violation, List.of(), "", message);
    }

    // ---- arithmetic

    private void alu(int pc, Insn insn, AbstractState s, List<Goal> goals) {
        int op = operation(insn.opcode());
        boolean isReg = source(insn.opcode()) == X;
        boolean is64 = insn.opClass() == ALU64;
        if (op == MOV) {
            if (isReg) {
                read(pc, insn.src(), s, goals);
                Value v = s.register(insn.src());
                if ((!is64 || insn.offset() != 0) && (v.isPointer() || v instanceof Value.Mixed)) {
                    goals.add(pointerUse(pc, insn.src(), Formula.TRUE, "a number", "a pointer in r%d is truncated or sign-extended into a number".formatted(insn.src())));
                }
            }
            return;
        }
        read(pc, insn.dst(), s, goals);
        if (isReg && op != END) read(pc, insn.src(), s, goals);
        Value dst = s.register(insn.dst());
        Value src = isReg && op != END ? s.register(insn.src()) : new Value.Scalar(Term.constant(insn.imm()));
        notMixed(pc, insn.dst(), s, goals);
        if (isReg && op != END) notMixed(pc, insn.src(), s, goals);
        if (isReg && (op == DIV || op == MOD) && src instanceof Value.Scalar divisor) {
            goals.add(divisorNonZero(pc, insn.src(), Term.zeroExtend(is64 ? 64 : 32, divisor.value()), op == DIV, s));
        }
        if (!dst.isPointer() && !src.isPointer()) return;
        boolean isAdd = is64 && op == ADD, isSub = is64 && op == SUB;
        boolean ok = isAdd && (dst.isPointer() != src.isPointer())
                || isSub && dst.isPointer() && !src.isPointer()
                || isSub && sameRegion(dst, src);
        Value pointer = dst.isPointer() ? dst : src;
        int pointerReg = dst.isPointer() ? insn.dst() : insn.src();
        if (!ok || pointer instanceof Value.MapHandle) {
            goals.add(pointerUse(pc, pointerReg, Formula.TRUE, "only a number added to or subtracted from it",
                    "only adding or subtracting a number keeps r%d a valid pointer".formatted(pointerReg)));
            return;
        }
        nullable(pointer).ifPresent(address -> goals.add(notNull(pc, pointerReg, address, s, "arithmetic on")));
        Value other = dst.isPointer() ? src : dst;
        if (pointer instanceof Value.CtxPointer && other instanceof Value.Scalar sc && !sc.value().isConstant()) {
            goals.add(pointerUse(pc, pointerReg, Formula.TRUE, "a constant offset into the context",
                    "the context pointer r%d may only move by a constant".formatted(pointerReg)));
        }
    }

    /**
     * Advisory: bpftrace 0.17 compiles {@code $x / $y} and {@code $x % $y} to plain BPF division,
     * so a zero divisor gives 0 and leaves the dividend (RFC 9669 §4.1) instead of an error; the
     * script is still worth a warning, as the result is rarely what was meant.
     */
    private Goal divisorNonZero(int pc, int reg, Term divisor, boolean isDivision, AbstractState s) {
        String result = isDivision ? "the quotient is 0" : "the remainder is the dividend";
        return new Goal(new Obligation.DivisorNonZero(pc, reg), Formula.eq(divisor, Term.ZERO), registers(pc, s), "",
                "%s by %s, which may be zero: %s".formatted(isDivision ? "division" : "modulo", numberIn(pc, reg, s), result));
    }

    private static boolean sameRegion(Value a, Value b) {
        return a instanceof Value.StackPointer && b instanceof Value.StackPointer
                || a instanceof Value.MapValuePointer p && b instanceof Value.MapValuePointer q && p.map() == q.map()
                || a instanceof Value.ReservationPointer p && b instanceof Value.ReservationPointer q && p.id() == q.id();
    }

    // ---- jumps and calls

    private void jump(int pc, Insn insn, AbstractState s, List<Goal> goals) {
        int op = operation(insn.opcode());
        switch (op) {
            case JA -> {}
            case EXIT -> exit(pc, s, goals);
            case CALL -> call(pc, Helpers.byNumber(insn.imm()).orElseThrow(() -> new IllegalStateException("bug: unknown helper passed the CFG checks")), s, goals);
            default -> {
                read(pc, insn.dst(), s, goals);
                notMixed(pc, insn.dst(), s, goals);
                if (source(insn.opcode()) == X) {
                    read(pc, insn.src(), s, goals);
                    notMixed(pc, insn.src(), s, goals);
                }
            }
        }
    }

    private void exit(int pc, AbstractState s, List<Goal> goals) {
        read(pc, Reg.R0, s, goals);
        var held = new ArrayList<Formula>();
        for (AbstractState.Held h : s.reservations().values()) {
            held.add(Formula.and(Formula.ne(h.live(), Term.ZERO), Formula.ne(h.address(), Term.ZERO)));
        }
        goals.add(new Goal(new Obligation.ReservationReleased(pc), Formula.or(held), registers(pc, s), "",
                "a ring-buffer reservation may be neither submitted nor discarded before exit"));
    }

    private void call(int pc, HelperProto proto, AbstractState s, List<Goal> goals) {
        List<ArgKind> args = proto.args();
        for (int i = 0; i < args.size(); i++) read(pc, i + 1, s, goals);
        for (int i = 0; i < args.size(); i++) {
            int reg = i + 1;
            ArgKind kind = args.get(i);
            Value v = s.register(reg);
            switch (kind) {
                case ANYTHING -> {}
                case CONST_MAP_PTR -> {
                    boolean ok = v instanceof Value.MapHandle h && fits(proto.id(), maps.get(h.map()).type());
                    goals.add(helperArg(pc, proto, i, truth(!ok), ok ? "" : v instanceof Value.MapHandle h
                            ? "%s cannot be used with %s".formatted(mapName(h.map()), proto.id().kernelName())
                            : "argument %d of %s must be a map".formatted(i + 1, proto.id().kernelName())));
                }
                case PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE -> {
                    if (!(s.register(Reg.R1) instanceof Value.MapHandle h)) break;
                    MapSpec map = maps.get(h.map());
                    int size = kind == ArgKind.PTR_TO_MAP_KEY ? map.keySize() : map.valueSize();
                    String what = kind == ArgKind.PTR_TO_MAP_KEY ? "key" : "value";
                    memoryArg(pc, proto, i, Term.constant(size), true, s, goals,
                            "%s-byte %s of %s".formatted(size, what, mapName(h.map())));
                    // user space reads back what an update stores: its key and its value
                    if (proto.id() == HelperId.MAP_UPDATE_ELEM) leak(pc, proto, i, reg, Term.constant(size), s, goals);
                }
                case PTR_TO_MEM, PTR_TO_UNINIT_MEM -> {
                    Value size = i + 1 < args.size() ? s.register(reg + 1) : Value.UNINIT;
                    if (!(size instanceof Value.Scalar sz)) {
                        goals.add(helperArg(pc, proto, i + 1, Formula.TRUE, "the size passed to %s in r%d must be a number".formatted(proto.id().kernelName(), reg + 1)));
                        break;
                    }
                    boolean reads = kind == ArgKind.PTR_TO_MEM;
                    memoryArg(pc, proto, i, sz.value(), reads, s, goals, "buffer passed to " + proto.id().kernelName());
                    if (proto.id() == HelperId.RINGBUF_OUTPUT || proto.id() == HelperId.PERF_EVENT_OUTPUT) {
                        leak(pc, proto, i, reg, sz.value(), s, goals);
                    }
                }
                case CONST_SIZE, CONST_SIZE_OR_ZERO -> {
                    boolean followsMemory = i > 0 && (args.get(i - 1) == ArgKind.PTR_TO_MEM || args.get(i - 1) == ArgKind.PTR_TO_UNINIT_MEM);
                    if (!(v instanceof Value.Scalar sz)) {
                        // after a memory argument, that argument's check already reported it
                        if (!followsMemory) goals.add(helperArg(pc, proto, i, Formula.TRUE,
                                "the size passed to %s in r%d must be a number".formatted(proto.id().kernelName(), reg)));
                        break;
                    }
                    if (kind == ArgKind.CONST_SIZE) {
                        goals.add(helperArg(pc, proto, i, Formula.eq(sz.value(), Term.ZERO),
                                "the size passed to %s in r%d may be zero".formatted(proto.id().kernelName(), reg)));
                    }
                    if (proto.id() == HelperId.RINGBUF_RESERVE) {
                        goals.add(helperArg(pc, proto, i, truth(!sz.value().isConstant()),
                                "the size of a ring-buffer reservation must be a constant"));
                    }
                }
                case PTR_TO_CTX -> {
                    Formula bad = v instanceof Value.CtxPointer c ? Formula.ne(c.offset(), Term.ZERO) : Formula.TRUE;
                    goals.add(helperArg(pc, proto, i, bad, "%s needs the program's context, unmodified, in r%d".formatted(proto.id().kernelName(), reg)));
                }
                case PTR_TO_RINGBUF_RESERVATION -> {
                    if (!(v instanceof Value.ReservationPointer r)) {
                        goals.add(helperArg(pc, proto, i, Formula.TRUE, "%s needs a ring-buffer reservation in r%d".formatted(proto.id().kernelName(), reg)));
                        break;
                    }
                    if (r.isNullable()) goals.add(notNull(pc, reg, r.address(), s, "passing"));
                    AbstractState.Held held = s.reservations().get(r.id());
                    Formula released = held == null ? Formula.TRUE : Formula.eq(held.live(), Term.ZERO);
                    goals.add(helperArg(pc, proto, i, Formula.or(Formula.ne(r.offset(), Term.ZERO), released),
                            "%s needs the unmodified pointer of a reservation not yet submitted or discarded".formatted(proto.id().kernelName())));
                }
                case PTR_TO_LONG -> memoryArg(pc, proto, i, Term.constant(8), false, s, goals, "result of " + proto.id().kernelName());
            }
        }
    }

    /** Which map types a helper's CONST_MAP_PTR accepts, after check_map_func_compatibility(). */
    private static boolean fits(HelperId helper, MapType type) {
        Set<MapType> plain = EnumSet.of(MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_HASH);
        return switch (helper) {
            case MAP_LOOKUP_ELEM, MAP_UPDATE_ELEM, MAP_DELETE_ELEM -> plain.contains(type);
            case MAP_LOOKUP_PERCPU_ELEM -> type.isPerCpu();
            case RINGBUF_OUTPUT, RINGBUF_RESERVE, RINGBUF_QUERY -> type == MapType.RINGBUF;
            case PERF_EVENT_OUTPUT -> type == MapType.PERF_EVENT_ARRAY;
            case GET_STACKID -> type == MapType.STACK_TRACE;
            default -> false;
        };
    }

    /** A memory argument of {@code size} bytes: a pointer of a usable kind, not null, in bounds, and initialised if the helper reads it. */
    private void memoryArg(int pc, HelperProto proto, int index, Term size, boolean reads, AbstractState s, List<Goal> goals, String what) {
        int reg = index + 1;
        Value v = s.register(reg);
        Optional<Region> region = region(v);
        if (region.isEmpty() || v instanceof Value.CtxPointer) {
            goals.add(helperArg(pc, proto, index, Formula.TRUE, "r%d must point to the stack or a map value for the %s".formatted(reg, what)));
            return;
        }
        nullable(v).ifPresent(address -> goals.add(notNull(pc, reg, address, s, "passing")));
        Term start = offsetOf(v);
        Region r = region.get();
        Formula fits = Formula.and(
                Formula.sle(Term.ZERO, size), Formula.sle(size, Term.constant(r.hi() - r.lo())),
                Formula.sle(Term.constant(r.lo()), start), Formula.sle(start, Term.sub(Term.constant(r.hi()), size)));
        Formula violation = Formula.not(fits);
        var access = new Access(0, size instanceof Term.Const c ? Long.toString(c.value()) : "variable");
        goals.add(new Goal(new Obligation.InBounds(pc, reg, r, access), violation, witnesses(pc, s, start, r), r.sizeNote(),
                "the %s may not fit in the %s".formatted(what, r.describe())));
        if (reads && v instanceof Value.StackPointer) {
            Formula uninit = uninitialised(s.stack(), start, size);
            goals.add(new Goal(new Obligation.Initialised(pc, new Subject.StackBytes(reg, access)), uninit,
                    witnesses(pc, s, start, Region.stack()), "", "the %s is read from stack bytes that may be uninitialised".formatted(what)));
        }
    }

    /** The bytes a helper copies to user-visible memory must hold no pointer. */
    private void leak(int pc, HelperProto proto, int index, int reg, Term size, AbstractState s, List<Goal> goals) {
        if (!(s.register(reg) instanceof Value.StackPointer sp)) return;
        boolean mayLeak = sp.offset() instanceof Term.Const c && size instanceof Term.Const n
                ? s.stack().mayHoldPointers((int) c.value(), (int) (c.value() + n.value()))
                : s.stack().mayHoldPointers(-StackMemory.SIZE, 0);
        goals.add(new Goal(new Obligation.NoPointerLeak(pc, reg, proto.id().kernelName()), truth(mayLeak), List.of(), "",
                "a pointer on the stack would be copied out by %s".formatted(proto.id().kernelName())));
    }

    private static Goal helperArg(int pc, HelperProto proto, int index, Formula violation, String message) {
        return new Goal(new Obligation.HelperArg(pc, proto.id(), index, proto.args().get(index)), violation, List.of(), "", message);
    }

    // ---- memory

    private void atomic(int pc, Insn insn, AbstractState s, List<Goal> goals) {
        Value v = s.register(insn.dst());
        if (v instanceof Value.CtxPointer) {
            goals.add(pointerUse(pc, insn.dst(), Formula.TRUE, "a pointer to the stack or a map value", "atomic operations cannot target the context"));
            return;
        }
        access(pc, insn.dst(), insn.offset(), bytes(insn.opcode()), Optional.of(insn.src()), true, s, goals);
        Value src = s.register(insn.src());
        if (src.isPointer() || src instanceof Value.Mixed) {
            goals.add(new Goal(new Obligation.NoPointerLeak(pc, insn.src(), "memory"), Formula.TRUE, List.of(), "",
                    "a pointer in r%d is used in an atomic operation".formatted(insn.src())));
        }
        if (v instanceof Value.StackPointer sp) {
            Term start = Term.add(sp.offset(), insn.offset());
            Formula uninit = uninitialised(s.stack(), start, Term.constant(bytes(insn.opcode())));
            goals.add(new Goal(new Obligation.Initialised(pc, new Subject.StackBytes(insn.dst(),
                    new Access(insn.offset(), Integer.toString(bytes(insn.opcode()))))), uninit, witnesses(pc, s, start, Region.stack()), "",
                    "an atomic operation reads stack bytes that may be uninitialised"));
        }
    }

    private void access(int pc, int base, int offset, int size, Optional<Integer> stored, boolean isWrite, AbstractState s, List<Goal> goals) {
        Value v = s.register(base);
        Optional<Region> region = region(v);
        if (region.isEmpty()) {
            goals.add(pointerUse(pc, base, truth(!(v instanceof Value.Uninit)), "a pointer to memory",
                    "r%d is not a pointer to memory".formatted(base)));
            return;
        }
        nullable(v).ifPresent(address -> goals.add(notNull(pc, base, address, s, "dereference of")));
        Region r = region.get();
        Term start = Term.add(offsetOf(v), offset);
        if (v instanceof Value.CtxPointer c) {
            if (isWrite) {
                goals.add(pointerUse(pc, base, Formula.TRUE, "a writable pointer", "the context is read-only"));
                return;
            }
            goals.add(pointerUse(pc, base, Formula.ne(c.offset(), Term.ZERO), "the unmodified context pointer",
                    "the context must be read through its unmodified pointer"));
            // the is_valid_access() of every tracing program type requires off % size == 0
            goals.add(pointerUse(pc, base, truth(Math.floorMod(offset, size) != 0), "an aligned context read",
                    "a %d-byte context read at offset %d is not aligned".formatted(size, offset)));
        }
        if (v instanceof Value.StackPointer && size > 1) {
            // check_ptr_alignment() in kernel/bpf/verifier.c: stack accesses are strictly aligned on
            // every architecture ("misaligned stack access"), even where map values need not be
            goals.add(pointerUse(pc, base, Formula.ne(Term.binary(Term.BinOp.AND, Term.Width.W64, start, Term.constant(size - 1)), Term.ZERO),
                    "an aligned stack access", "a %d-byte stack %s at an offset that is not a multiple of %d".formatted(size, isWrite ? "write" : "read", size)));
        }
        Formula violation = Formula.not(Formula.and(Formula.sle(Term.constant(r.lo()), start),
                Formula.sle(start, Term.constant(r.hi() - size))));
        var access = new Access(offset, Integer.toString(size));
        goals.add(new Goal(new Obligation.InBounds(pc, base, r, access), violation, witnesses(pc, s, start, r), r.sizeNote(),
                "%s %s may be out of bounds".formatted(r.describe(), isWrite ? "write" : "read")));
        if (v instanceof Value.StackPointer && !isWrite) {
            Formula uninit = uninitialised(s.stack(), start, Term.constant(size));
            goals.add(new Goal(new Obligation.Initialised(pc, new Subject.StackBytes(base, access)), uninit,
                    witnesses(pc, s, start, Region.stack()), "", "stack read of bytes that may be uninitialised"));
        }
        if (stored.isPresent() && r.kind() != Region.Kind.STACK) {
            Value value = s.register(stored.get());
            boolean leaks = value.isPointer() || value instanceof Value.Mixed;
            goals.add(new Goal(new Obligation.NoPointerLeak(pc, stored.get(), r.describe()), truth(leaks), List.of(), "",
                    "a pointer in r%d would be stored into the %s".formatted(stored.get(), r.describe())));
        }
    }

    /** The violation of "every byte of [start, start + size) is initialised", with an existential byte index when symbolic. */
    private Formula uninitialised(StackMemory stack, Term start, Term size) {
        if (start instanceof Term.Const c && size instanceof Term.Const n) {
            var unwritten = new ArrayList<Formula>();
            for (long a = c.value(); a < c.value() + n.value(); a++) {
                Term flag = stack.initialisedFlag((int) a);
                if (flag.equals(Term.ZERO)) return Formula.TRUE;
                unwritten.add(Formula.eq(flag, Term.ZERO));
            }
            return Formula.or(unwritten);
        }
        Term index = fresh.variable("byte");
        Term address = Term.add(start, index);
        var inside = new ArrayList<Formula>();
        for (int[] range : stack.initialisedRanges()) inside.add(within(address, range[0], range[1]));
        for (StackMemory.Conditional range : stack.conditionalRanges()) {
            inside.add(Formula.and(within(address, range.lo(), range.hi()), Formula.ne(range.flag(), Term.ZERO)));
        }
        return Formula.and(Formula.compare(Formula.CmpOp.ULT, Term.Width.W64, index, size), Formula.not(Formula.or(inside)));
    }

    private static Formula within(Term address, int lo, int hi) {
        return Formula.and(Formula.sle(Term.constant(lo), address),
                Formula.compare(Formula.CmpOp.SLT, Term.Width.W64, address, Term.constant(hi)));
    }

    private Goal notNull(int pc, int reg, Term address, AbstractState s, String use) {
        Formula violation = Formula.eq(address, Term.ZERO);
        return new Goal(new Obligation.NotNull(pc, reg), violation, registers(pc, s), "",
                "%s r%d, which may be null: the lookup or reservation that produced it is not checked".formatted(use, reg));
    }

    private Optional<Region> region(Value v) {
        return switch (v) {
            case Value.StackPointer p -> Optional.of(Region.stack());
            case Value.CtxPointer p -> Optional.of(ctx);
            case Value.MapValuePointer p -> Optional.of(new Region(Region.Kind.MAP_VALUE, mapName(p.map()), 0, maps.get(p.map()).valueSize()));
            case Value.ReservationPointer p -> Optional.of(new Region(Region.Kind.RINGBUF, "ring-buffer reservation", 0, p.size()));
            case Value.Uninit u -> Optional.empty();
            case Value.Scalar u -> Optional.empty();
            case Value.MapHandle u -> Optional.empty();
            case Value.Mixed u -> Optional.empty();
        };
    }

    private static Term offsetOf(Value v) {
        return switch (v) {
            case Value.StackPointer p -> p.offset();
            case Value.CtxPointer p -> p.offset();
            case Value.MapValuePointer p -> p.offset();
            case Value.ReservationPointer p -> p.offset();
            default -> throw new IllegalStateException("bug: offset of a non-pointer " + v);
        };
    }

    private static Optional<Term> nullable(Value v) {
        return switch (v) {
            case Value.MapValuePointer p when p.isNullable() -> Optional.of(p.address());
            case Value.ReservationPointer p when p.isNullable() -> Optional.of(p.address());
            default -> Optional.empty();
        };
    }

    /**
     * Registers holding symbolic numbers, named as the script names their value ({@code $i}, or a
     * program input: {@code args->flags}, {@code arg0}, {@code nsecs}), once per name: the checker
     * keeps those a refutation depends on.
     */
    private List<Goal.Witness> registers(int pc, AbstractState s) {
        var out = new ArrayList<Goal.Witness>();
        var named = new java.util.HashSet<String>();
        for (int reg = 0; reg < Reg.FP; reg++) {
            if (s.register(reg) instanceof Value.Scalar sc && !sc.value().isConstant()) {
                String name = names.of(pc, reg, sc.value());
                if (named.add(name)) out.add(new Goal.Witness(name, sc.value()));
            }
        }
        return out;
    }

    /** How a message names the number in {@code reg}: the script's name of what it holds, else the register. */
    private String numberIn(int pc, int reg, AbstractState s) {
        return s.register(reg) instanceof Value.Scalar sc ? names.of(pc, reg, sc.value()) : "r" + reg;
    }

    /** The registers, then where the access starts: an fp offset on the stack, a byte offset elsewhere. */
    private List<Goal.Witness> witnesses(int pc, AbstractState s, Term start, Region region) {
        var out = registers(pc, s);
        if (!start.isConstant()) out.add(new Goal.Witness(region.kind() == Region.Kind.STACK ? "fp offset" : "offset", start));
        return out;
    }

    private String mapName(int map) {
        MapSpec spec = maps.get(map);
        return "map " + spec.display().map(d -> d.scriptName()).orElse(spec.name());
    }

    private static Formula truth(boolean value) {
        return value ? Formula.TRUE : Formula.FALSE;
    }
}

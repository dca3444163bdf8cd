package jtracec.verifier.state;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import jtracec.spec.helper.ArgKind;
import jtracec.spec.helper.HelperId;
import jtracec.spec.helper.HelperProto;
import jtracec.spec.helper.Helpers;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Reg;
import jtracec.verifier.state.Term.BinOp;
import jtracec.verifier.state.Term.Width;

/**
 * The abstract transfer function: the states after one instruction, one per feasible successor.
 * It assumes the instruction's obligations hold (they are checked separately, and assumed once
 * checked) and follows RFC 9669 semantics for numbers; anything it cannot express exactly (byte
 * swaps, loads from memory it does not track) becomes a fresh variable, which is sound.
 */
public final class Transfer {

    /** A successor program point and the state on entry to it along this edge. */
    public record Edge(int target, AbstractState state) {}

    private final List<Insn> insns;
    private final Fresh fresh;
    private final ConstantKeyLookup lookups;

    public Transfer(List<Insn> insns, Fresh fresh, ConstantKeyLookup lookups) {
        this.insns = List.copyOf(insns);
        this.fresh = fresh;
        this.lookups = lookups;
    }

    public List<Edge> successors(int pc, AbstractState s) {
        Insn insn = insns.get(pc);
        int op = insn.opcode();
        return switch (insn.opClass()) {
            case ALU, ALU64 -> next(pc, s.withRegister(insn.dst(), alu(pc, insn, s)));
            case LDX -> next(pc, s.withRegister(insn.dst(), load(pc, insn, s)));
            case ST -> next(pc, store(insn.dst(), insn.offset(), bytes(op), Optional.of(new Value.Scalar(Term.constant(insn.imm()))), s));
            case STX -> next(pc, mode(op) == ATOMIC ? atomic(pc, insn, s) : store(insn.dst(), insn.offset(), bytes(op), Optional.of(s.register(insn.src())), s));
            case LD -> List.of(new Edge(pc + 2, s.withRegister(insn.dst(), wide(pc, insn, insns.get(pc + 1)))));
            case JMP, JMP32 -> jump(pc, insn, s);
            default -> throw new IllegalStateException("bug: instruction class of " + insn + " passed the CFG checks");
        };
    }

    private static List<Edge> next(int pc, AbstractState s) {
        return List.of(new Edge(pc + 1, s));
    }

    private Term.Var fresh(String what, int pc) {
        return fresh.variable(what + "@" + pc);
    }

    // ---- arithmetic

    private Value alu(int pc, Insn insn, AbstractState s) {
        int op = operation(insn.opcode());
        boolean isReg = source(insn.opcode()) == X;
        Width width = insn.opClass() == ALU64 ? Width.W64 : Width.W32;
        Value dst = s.register(insn.dst());
        Value src = isReg ? s.register(insn.src()) : new Value.Scalar(Term.constant(insn.imm()));
        if (op == MOV) return move(insn, width, src);
        if (op == END) return swap(pc, insn, dst);
        if (op == NEG) {
            return dst instanceof Value.Scalar d ? new Value.Scalar(Term.binary(BinOp.SUB, width, Term.ZERO, d.value())) : Value.MIXED;
        }
        if (dst instanceof Value.Scalar d && src instanceof Value.Scalar t) {
            return new Value.Scalar(Term.binary(binOp(op, insn.offset()), width, d.value(), t.value()));
        }
        if (width == Width.W64 && (op == ADD || op == SUB)) return pointerArithmetic(op, dst, src);
        return Value.MIXED;
    }

    private static Value move(Insn insn, Width width, Value src) {
        if (!(src instanceof Value.Scalar t)) {
            return width == Width.W64 && insn.offset() == 0 ? src : Value.MIXED;
        }
        Term v = t.value();
        if (insn.offset() != 0) v = Term.extend(insn.offset(), Term.Extension.SIGN, v);
        return new Value.Scalar(width == Width.W32 ? Term.zeroExtend(32, v) : v);
    }

    /** Little-endian conversions are truncations on a little-endian machine; byte swaps are not tracked. */
    private Value swap(int pc, Insn insn, Value dst) {
        if (!(dst instanceof Value.Scalar d)) return Value.MIXED;
        boolean toLittle = insn.opClass() == ALU && source(insn.opcode()) == K;
        if (toLittle) return new Value.Scalar(Term.zeroExtend(insn.imm(), d.value()));
        Term.Var swapped = fresh("bswap", pc);
        return new Value.Scalar(insn.imm() == 64 ? swapped : Term.zeroExtend(insn.imm(), swapped));
    }

    private static BinOp binOp(int op, int offset) {
        boolean signed = offset == 1;
        return switch (op) {
            case ADD -> BinOp.ADD;
            case SUB -> BinOp.SUB;
            case MUL -> BinOp.MUL;
            case DIV -> signed ? BinOp.SDIV : BinOp.UDIV;
            case MOD -> signed ? BinOp.SMOD : BinOp.UMOD;
            case OR -> BinOp.OR;
            case AND -> BinOp.AND;
            case XOR -> BinOp.XOR;
            case LSH -> BinOp.LSH;
            case RSH -> BinOp.RSH;
            case ARSH -> BinOp.ARSH;
            default -> throw new IllegalStateException("bug: ALU operation 0x" + Integer.toHexString(op));
        };
    }

    private static Value pointerArithmetic(int op, Value dst, Value src) {
        if (op == SUB && dst instanceof Value.StackPointer p && src instanceof Value.StackPointer q) {
            return new Value.Scalar(Term.sub(p.offset(), q.offset()));
        }
        if (op == SUB && dst instanceof Value.MapValuePointer p && src instanceof Value.MapValuePointer q) {
            return new Value.Scalar(Term.sub(p.offset(), q.offset()));
        }
        if (op == SUB && dst instanceof Value.ReservationPointer p && src instanceof Value.ReservationPointer q) {
            return new Value.Scalar(Term.sub(p.offset(), q.offset()));
        }
        Value pointer = dst.isPointer() ? dst : src;
        Value number = dst.isPointer() ? src : dst;
        if (!(number instanceof Value.Scalar n) || op == SUB && !dst.isPointer()) return Value.MIXED;
        Term delta = op == ADD ? n.value() : Term.sub(Term.ZERO, n.value());
        return switch (pointer) {
            case Value.StackPointer p -> new Value.StackPointer(Term.add(p.offset(), delta));
            case Value.CtxPointer p -> new Value.CtxPointer(Term.add(p.offset(), delta));
            case Value.MapValuePointer p -> new Value.MapValuePointer(p.map(), Term.add(p.offset(), delta), p.address(), p.isNullable());
            case Value.ReservationPointer p -> new Value.ReservationPointer(p.id(), p.size(), Term.add(p.offset(), delta), p.address(), p.isNullable());
            default -> Value.MIXED;
        };
    }

    private Value wide(int pc, Insn first, Insn second) {
        if (first.src() == PSEUDO_MAP_FD) return new Value.MapHandle(first.imm());
        // a direct map value address (BPF_PSEUDO_MAP_VALUE): never null, at the given offset of the one value
        if (first.src() == PSEUDO_MAP_VALUE) {
            return new Value.MapValuePointer(first.imm(), Term.constant(Integer.toUnsignedLong(second.imm())),
                    fresh.variable("&map%d@%d".formatted(first.imm(), pc)), false);
        }
        long value = Integer.toUnsignedLong(first.imm()) | (long) second.imm() << 32;
        return new Value.Scalar(Term.constant(value));
    }

    // ---- memory

    private Value load(int pc, Insn insn, AbstractState s) {
        int size = bytes(insn.opcode());
        boolean signed = mode(insn.opcode()) == MEMSX;
        Optional<Value> known = Optional.empty();
        if (s.register(insn.src()) instanceof Value.StackPointer p) {
            // at an unknown offset the bytes read may be pointer bytes anywhere in the frame
            known = p.offset() instanceof Term.Const c ? s.stack().read((int) (c.value() + insn.offset()), size)
                    : s.stack().mayHoldPointers(-StackMemory.SIZE, 0) ? Optional.of(Value.MIXED) : Optional.empty();
        }
        if (known.isPresent()) {
            Value v = known.get();
            if (signed && size < 8 && v instanceof Value.Scalar sc) return new Value.Scalar(Term.extend(size * 8, Term.Extension.SIGN, sc.value()));
            return v instanceof Value.Uninit ? Value.MIXED : v;
        }
        Term.Var loaded = s.register(insn.src()) instanceof Value.CtxPointer c && c.offset() instanceof Term.Const k
                ? fresh.contextRead((int) (k.value() + insn.offset()), size) : fresh("load", pc);
        if (size == 8) return new Value.Scalar(loaded);
        return new Value.Scalar(Term.extend(size * 8, signed ? Term.Extension.SIGN : Term.Extension.ZERO, loaded));
    }

    private static AbstractState store(int base, int offset, int size, Optional<Value> value, AbstractState s) {
        if (!(s.register(base) instanceof Value.StackPointer p)) return s;
        if (!(p.offset() instanceof Term.Const c)) return s.withStack(s.stack().writeSomewhere());
        Optional<Value> cell = value.map(v -> stored(v, size));
        return s.withStack(s.stack().write((int) (c.value() + offset), size, cell));
    }

    /** What a store of {@code size} bytes leaves: a number whole (reads narrow it), a pointer whole, or unusable pointer bytes. */
    private static Value stored(Value v, int size) {
        return size == 8 || v instanceof Value.Scalar ? v : Value.MIXED;
    }

    private AbstractState atomic(int pc, Insn insn, AbstractState s) {
        int size = bytes(insn.opcode());
        AbstractState after = store(insn.dst(), insn.offset(), size, Optional.empty(), s);
        if (insn.imm() == ATOMIC_CMPXCHG) {
            return after.withRegister(Reg.R0, new Value.Scalar(Term.zeroExtend(size * 8, fresh("cmpxchg", pc))));
        }
        if ((insn.imm() & ATOMIC_FETCH) != 0) {
            return after.withRegister(insn.src(), new Value.Scalar(Term.zeroExtend(size * 8, fresh("fetch", pc))));
        }
        return after;
    }

    // ---- control

    private List<Edge> jump(int pc, Insn insn, AbstractState s) {
        int op = operation(insn.opcode());
        boolean is32 = insn.opClass() == JMP32;
        return switch (op) {
            case JA -> List.of(new Edge(pc + 1 + (is32 ? insn.imm() : insn.offset()), s));
            case EXIT -> List.of();
            case CALL -> next(pc, call(pc, Helpers.byNumber(insn.imm()).orElseThrow(), s));
            default -> branch(pc, insn, s);
        };
    }

    private List<Edge> branch(int pc, Insn insn, AbstractState s) {
        int op = operation(insn.opcode());
        Width width = insn.opClass() == JMP32 ? Width.W32 : Width.W64;
        Value left = s.register(insn.dst());
        Value right = source(insn.opcode()) == X ? s.register(insn.src()) : new Value.Scalar(Term.constant(insn.imm()));
        AbstractState taken = s, fallThrough = s;
        boolean isNullCheck = (op == JEQ || op == JNE) && width == Width.W64
                && right instanceof Value.Scalar r && r.value() instanceof Term.Const c && c.value() == 0;
        if (left instanceof Value.Scalar l && right instanceof Value.Scalar r) {
            Formula condition = condition(op, width, l.value(), r.value());
            taken = s.assume(condition);
            fallThrough = s.assume(Formula.not(condition));
        } else if (isNullCheck && isUnmodified(left)) {
            AbstractState isNull = nullEdge(left, s);
            AbstractState isNotNull = nonNullEdge(left, s);
            taken = op == JEQ ? isNull : isNotNull;
            fallThrough = op == JEQ ? isNotNull : isNull;
        }
        var edges = new ArrayList<Edge>(2);
        if (!fallThrough.isInfeasible()) edges.add(new Edge(pc + 1, fallThrough));
        if (!taken.isInfeasible()) edges.add(new Edge(pc + 1 + insn.offset(), taken));
        return edges;
    }

    /** Only a pointer as a helper returned it can be null-checked: comparing p + 8 with 0 says nothing about p. */
    private static boolean isUnmodified(Value pointer) {
        Term offset = switch (pointer) {
            case Value.MapValuePointer p -> p.offset();
            case Value.ReservationPointer p -> p.offset();
            case Value.StackPointer p -> Term.ZERO;
            case Value.CtxPointer p -> Term.ZERO;
            case Value.MapHandle h -> Term.ZERO;
            default -> Term.constant(1);
        };
        return offset instanceof Term.Const c && c.value() == 0;
    }

    private static Formula condition(int op, Width width, Term a, Term b) {
        return switch (op) {
            case JEQ -> Formula.compare(Formula.CmpOp.EQ, width, a, b);
            case JNE -> Formula.compare(Formula.CmpOp.NE, width, a, b);
            case JGT -> Formula.compare(Formula.CmpOp.UGT, width, a, b);
            case JGE -> Formula.compare(Formula.CmpOp.UGE, width, a, b);
            case JLT -> Formula.compare(Formula.CmpOp.ULT, width, a, b);
            case JLE -> Formula.compare(Formula.CmpOp.ULE, width, a, b);
            case JSGT -> Formula.compare(Formula.CmpOp.SGT, width, a, b);
            case JSGE -> Formula.compare(Formula.CmpOp.SGE, width, a, b);
            case JSLT -> Formula.compare(Formula.CmpOp.SLT, width, a, b);
            case JSLE -> Formula.compare(Formula.CmpOp.SLE, width, a, b);
            case JSET -> Formula.compare(Formula.CmpOp.NE, width, Term.binary(BinOp.AND, width, a, b), Term.ZERO);
            default -> throw new IllegalStateException("bug: jump operation 0x" + Integer.toHexString(op));
        };
    }

    /**
     * After mark_ptr_or_null_regs(): on the null edge every copy becomes the number 0 (the edge
     * assumes the pointer's address is 0; a join with the non-null path makes the pointer nullable
     * again, see Join), and a null reservation needs no release.
     */
    private static AbstractState nullEdge(Value pointer, AbstractState s) {
        return switch (pointer) {
            case Value.MapValuePointer p when p.isNullable() ->
                    s.replaceEverywhere(p, new Value.Scalar(Term.ZERO)).assume(Formula.eq(p.address(), Term.ZERO));
            case Value.ReservationPointer p when p.isNullable() -> {
                var held = new TreeMap<>(s.reservations());
                held.computeIfPresent(p.id(), (id, h) -> new AbstractState.Held(h.address(), Term.ZERO));
                yield s.replaceEverywhere(p, new Value.Scalar(Term.ZERO)).withReservations(held)
                        .assume(Formula.eq(p.address(), Term.ZERO));
            }
            default -> s.assume(Formula.FALSE); // pointers that cannot be null
        };
    }

    private static AbstractState nonNullEdge(Value pointer, AbstractState s) {
        return switch (pointer) {
            case Value.MapValuePointer p when p.isNullable() ->
                    s.replaceEverywhere(p, new Value.MapValuePointer(p.map(), p.offset(), p.address(), false))
                            .assume(Formula.ne(p.address(), Term.ZERO));
            case Value.ReservationPointer p when p.isNullable() ->
                    s.replaceEverywhere(p, new Value.ReservationPointer(p.id(), p.size(), p.offset(), p.address(), false))
                            .assume(Formula.ne(p.address(), Term.ZERO));
            default -> s;
        };
    }

    private AbstractState call(int pc, HelperProto proto, AbstractState s) {
        AbstractState after = s;
        List<ArgKind> args = proto.args();
        for (int i = 0; i < args.size(); i++) {
            ArgKind kind = args.get(i);
            if (kind == ArgKind.PTR_TO_UNINIT_MEM || kind == ArgKind.PTR_TO_LONG) {
                Value size = kind == ArgKind.PTR_TO_LONG ? new Value.Scalar(Term.constant(8)) : s.register(i + 2);
                after = written(s.register(i + 1), size, after);
            }
        }
        if (proto.id() == HelperId.RINGBUF_SUBMIT || proto.id() == HelperId.RINGBUF_DISCARD) {
            after = released(s.register(Reg.R1), after);
        }
        Value result = switch (proto.returns()) {
            case INTEGER, TASK_POINTER -> new Value.Scalar(fresh.helperResult(pc, proto.id().kernelName()));
            case VOID -> Value.UNINIT;
            case MAP_VALUE_OR_NULL -> {
                if (!(s.register(Reg.R1) instanceof Value.MapHandle h)) yield Value.MIXED;
                Term.Var address = fresh.helperResult(pc, proto.id().kernelName());
                if (proto.id() == HelperId.MAP_LOOKUP_ELEM && lookups.isNeverNull(h.map(), s.register(Reg.R2), s.stack())) {
                    after = after.assume(Formula.ne(address, Term.ZERO));
                    yield new Value.MapValuePointer(h.map(), Term.ZERO, address, false);
                }
                yield new Value.MapValuePointer(h.map(), Term.ZERO, address, true);
            }
            case RINGBUF_MEM_OR_NULL -> {
                if (!(s.register(Reg.R2) instanceof Value.Scalar sz && sz.value() instanceof Term.Const c)) yield Value.MIXED;
                Term.Var address = fresh.helperResult(pc, proto.id().kernelName());
                var held = new TreeMap<>(after.reservations());
                held.put(pc, new AbstractState.Held(address, Term.constant(1)));
                after = after.withReservations(held);
                yield new Value.ReservationPointer(pc, c.value(), Term.ZERO, address, true);
            }
        };
        after = after.withRegister(Reg.R0, result);
        for (int r = Reg.FIRST_ARG; r <= Reg.LAST_ARG; r++) after = after.withRegister(r, Value.UNINIT);
        return after;
    }

    /** A helper filled memory: known stack bytes become initialised; elsewhere nothing the analysis tracks changes. */
    private static AbstractState written(Value pointer, Value size, AbstractState s) {
        if (!(pointer instanceof Value.StackPointer p)) return s;
        if (p.offset() instanceof Term.Const off && size instanceof Value.Scalar sc && sc.value() instanceof Term.Const n) {
            return s.withStack(s.stack().fill((int) off.value(), (int) n.value()));
        }
        return s.withStack(s.stack().writeSomewhere());
    }

    private static AbstractState released(Value pointer, AbstractState s) {
        if (!(pointer instanceof Value.ReservationPointer p)) return s;
        var held = new TreeMap<>(s.reservations());
        held.computeIfPresent(p.id(), (id, h) -> new AbstractState.Held(h.address(), Term.ZERO));
        AbstractState after = s.withReservations(held);
        // release_reference(): every copy, in registers and spilled, is invalid afterwards
        for (int r = 0; r < Reg.COUNT; r++) {
            if (after.register(r) instanceof Value.ReservationPointer q && q.id() == p.id()) after = after.withRegister(r, Value.MIXED);
        }
        StackMemory stack = after.stack();
        for (StackMemory.Cell c : after.stack().cells()) {
            if (c.value() instanceof Value.ReservationPointer q && q.id() == p.id()) {
                stack = stack.replace(c, Value.MIXED);
            }
        }
        return after.withStack(stack);
    }
}

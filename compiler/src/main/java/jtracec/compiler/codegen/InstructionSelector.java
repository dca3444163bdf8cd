package jtracec.compiler.codegen;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.CmpOp;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.spec.helper.HelperId;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Reg;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;

/**
 * Emits eBPF for one allocated function, blocks in the given order. r0..r5 are scratch inside one
 * IR instruction; a helper's arguments are built directly in r1..r5. A compare that only feeds the
 * branch ending its block becomes the conditional jump itself, which is also what lets the kernel's
 * verifier see a map lookup's null check on the pointer register.
 */
final class InstructionSelector {
    /** Scratch registers: never a value's home. */
    private static final int T0 = Reg.R0, T1 = Reg.R1, T2 = Reg.R2;

    private record Emitted(Insn insn, SourceSpan span, Optional<BlockId> target, int point) {}

    private final Function function;
    private final List<BlockId> order;
    private final Map<Value, Home> homes;
    private final Set<Inst.Compare> fused;
    private final Map<Value, Integer> addressesComputedOnce;
    private final List<Emitted> out = new ArrayList<>();
    private final Map<BlockId, Integer> labels = new HashMap<>();
    /** The IR instructions in emission order, for the variable table; {@code point} indexes it (-1 before the first). */
    private final List<VariableLocations.Point> points = new ArrayList<>();
    private int point = -1;
    private SourceSpan span;

    /** {@code addressesComputedOnce}: stack buffers whose address is computed at their definition, at these frame offsets. */
    InstructionSelector(Function function, List<BlockId> order, Map<Value, Home> homes, Set<Inst.Compare> fused,
            Map<Value, Integer> addressesComputedOnce) {
        this.addressesComputedOnce = addressesComputedOnce;
        this.function = function;
        this.order = order;
        this.homes = homes;
        this.fused = fused;
        this.span = function.span();
    }

    /** {@code origins.get(pc)} is the index in {@code points} of the IR instruction {@code pc} came from (-1: the prologue). */
    record Output(List<Insn> insns, LineTable lines, List<Integer> origins, List<VariableLocations.Point> points) {}

    Output select() {
        Map<BlockId, Block> blocks = function.blocksById();
        define(function.entry().params().get(0), Reg.R1);
        for (int i = 0; i < order.size(); i++) {
            Block block = blocks.get(order.get(i));
            labels.put(block.id(), out.size());
            Optional<BlockId> next = i + 1 < order.size() ? Optional.of(order.get(i + 1)) : Optional.empty();
            for (int k = 0; k < block.body().size(); k++) {
                Inst inst = block.body().get(k);
                span = inst.span();
                if (inst instanceof Inst.Compare c && fused.contains(c)) continue;
                startPoint(block, k);
                instruction(inst);
            }
            span = block.end().span();
            startPoint(block, block.body().size());
            terminator(block, blocks, next);
        }
        var insns = new ArrayList<Insn>();
        var spans = new ArrayList<SourceSpan>();
        var origins = new ArrayList<Integer>();
        for (int pc = 0; pc < out.size(); pc++) {
            Emitted e = out.get(pc);
            Insn insn = e.insn();
            if (e.target().isPresent()) {
                int offset = labels.get(e.target().get()) - (pc + 1);
                insn = new Insn(insn.opcode(), insn.dst(), insn.src(), offset, insn.imm());
            }
            insns.add(insn);
            spans.add(e.span());
            origins.add(e.point());
        }
        return new Output(insns, new LineTable(spans), origins, points);
    }

    private void startPoint(Block block, int index) {
        points.add(new VariableLocations.Point(block.id(), index));
        point = points.size() - 1;
    }

    // ---- instructions

    private void instruction(Inst inst) {
        switch (inst) {
            case Inst.Const c -> { }
            case Inst.StackSlot s -> {
                Integer offset = addressesComputedOnce.get(s.dst());
                if (offset == null || homes.get(s.dst()) instanceof Home.Unused) return;
                int t = target(s.dst(), T0);
                emit(Asm.mov64(t, Reg.FP));
                emit(Asm.alu64Imm(ADD, t, offset));
                define(s.dst(), t);
            }
            case Inst.Copy c -> {
                if (homes.get(c.dst()) instanceof Home.Register || homes.get(c.dst()) instanceof Home.Spill) {
                    define(c.dst(), use(c.src(), T0));
                }
            }
            case Inst.Offset o -> {
                if (homes.get(o.dst()) instanceof Home.Frame) return;
                int t = target(o.dst(), T0);
                int b = use(o.base(), t);
                if (b != t) emit(Asm.mov64(t, b));
                emit(Asm.alu64Imm(ADD, t, o.offset()));
                define(o.dst(), t);
            }
            case Inst.Alu a -> alu(a);
            case Inst.Compare c -> {
                int t = target(c.dst(), T0);
                emit(Asm.mov64(t, 1L));
                conditionalJump(c.op(), c.lhs(), c.rhs(), Optional.empty(), 1);
                emit(Asm.mov64(t, 0L));
                define(c.dst(), t);
            }
            case Inst.Load l -> {
                int t = target(l.dst(), T0);
                int width = sizeField(l.width());
                if (homes.get(l.base()) instanceof Home.Frame f) {
                    emit(Asm.load(width, t, Reg.FP, f.offset() + l.offset()));
                } else {
                    emit(Asm.load(width, t, use(l.base(), T1), l.offset()));
                }
                if (l.signedness() == Signedness.SIGNED && l.width() < 8) {
                    emit(Asm.alu64Imm(LSH, t, 64 - 8 * l.width()));
                    emit(Asm.alu64Imm(ARSH, t, 64 - 8 * l.width()));
                }
                define(l.dst(), t);
            }
            case Inst.Store s -> store(s);
            case Inst.MapLookup m -> {
                emitAll(Asm.loadMap(Reg.R1, m.map()));
                moveTo(m.key(), Reg.R2);
                emit(Asm.call(HelperId.MAP_LOOKUP_ELEM.number()));
                define(m.dst(), Reg.R0);
            }
            case Inst.MapUpdate m -> {
                emitAll(Asm.loadMap(Reg.R1, m.map()));
                moveTo(m.key(), Reg.R2);
                moveTo(m.value(), Reg.R3);
                constant(Reg.R4, m.flags());
                emit(Asm.call(HelperId.MAP_UPDATE_ELEM.number()));
                define(m.dst(), Reg.R0);
            }
            case Inst.MapDelete m -> {
                emitAll(Asm.loadMap(Reg.R1, m.map()));
                moveTo(m.key(), Reg.R2);
                emit(Asm.call(HelperId.MAP_DELETE_ELEM.number()));
                define(m.dst(), Reg.R0);
            }
            case Inst.RingbufOutput r -> {
                emitAll(Asm.loadMap(Reg.R1, r.map()));
                moveTo(r.data(), Reg.R2);
                constant(Reg.R3, r.size());
                constant(Reg.R4, 0);
                emit(Asm.call(HelperId.RINGBUF_OUTPUT.number()));
                define(r.dst(), Reg.R0);
            }
            case Inst.StackId s -> {
                moveTo(s.context(), Reg.R1);
                emitAll(Asm.loadMap(Reg.R2, s.map()));
                constant(Reg.R3, s.flags());
                emit(Asm.call(HelperId.GET_STACKID.number()));
                define(s.dst(), Reg.R0);
            }
            case Inst.MapValueAdd a -> {
                // lddw r1, map_value(map)+offset; lock *(u64 *)(r1 + 0) += amount (in place when it has a register but r1)
                int amount = homes.get(a.amount()) instanceof Home.Register r && r.reg() != T1 ? r.reg() : T0;
                if (amount == T0) moveTo(a.amount(), T0);
                emitAll(Asm.loadMapValue(T1, a.map(), a.offset()));
                emit(Asm.atomicAdd64(T1, 0, amount));
            }
            case Inst.AtomicAdd a -> {
                // r2 for the amount, never r0: the base may be a lookup's pointer kept in r0
                int base = use(a.base(), T1);
                emit(Asm.atomicAdd64(base, a.offset(), use(a.amount(), T2)));
            }
            case Inst.Call c -> {
                for (int i = 0; i < c.args().size(); i++) moveTo(c.args().get(i), Reg.R1 + i);
                emit(Asm.call(c.helper().number()));
                define(c.dst(), Reg.R0);
            }
        }
    }

    private void alu(Inst.Alu a) {
        int t = target(a.dst(), T0);
        if (homes.get(a.lhs()) instanceof Home.Constant c) {
            constant(t, c.bits());
        } else {
            int l = use(a.lhs(), t);
            if (l != t) emit(Asm.mov64(t, l));
        }
        int op = switch (a.op()) {
            case ADD -> ADD;
            case SUB -> SUB;
            case MUL -> MUL;
            case UDIV -> DIV;
            case UMOD -> MOD;
            case AND -> AND;
            case OR -> OR;
            case XOR -> XOR;
            case SHL -> LSH;
            case LSHR -> RSH;
            case ASHR -> ARSH;
        };
        if (homes.get(a.rhs()) instanceof Home.Constant c && fitsImm(c.bits())) {
            emit(Asm.alu64Imm(op, t, (int) c.bits()));
        } else {
            emit(Asm.alu64(op, t, use(a.rhs(), t == T1 ? T2 : T1)));
        }
        define(a.dst(), t);
    }

    private void store(Inst.Store s) {
        int base;
        int offset;
        if (homes.get(s.base()) instanceof Home.Frame f) {
            base = Reg.FP;
            offset = f.offset() + s.offset();
        } else {
            base = use(s.base(), T1);
            offset = s.offset();
        }
        if (homes.get(s.value()) instanceof Home.Constant c) {
            long bits = c.bits();
            if (s.width() < 8 || fitsImm(bits)) {
                emit(Asm.storeImm(sizeField(s.width()), base, offset, (int) bits));
            } else {
                // two 4-byte immediates are shorter than lddw + stx
                emit(Asm.storeImm(W, base, offset, (int) bits));
                emit(Asm.storeImm(W, base, offset + 4, (int) (bits >>> 32)));
            }
            return;
        }
        emit(Asm.store(sizeField(s.width()), base, offset, use(s.value(), T2)));
    }

    // ---- terminators

    private void terminator(Block block, Map<BlockId, Block> blocks, Optional<BlockId> next) {
        switch (block.end()) {
            case Terminator.Exit e -> {
                moveTo(e.result(), Reg.R0);
                emit(Asm.exit());
            }
            case Terminator.Jump j -> {
                parallelMove(j.args(), blocks.get(j.target()).params());
                if (!next.equals(Optional.of(j.target()))) emitJump(Asm.ja(0), j.target());
            }
            case Terminator.Branch b -> {
                CmpOp op;
                Value lhs;
                Value rhs;
                if (RegisterAllocator.isFusedBranch(block, fused)) {
                    var c = (Inst.Compare) block.body().get(block.body().size() - 1);
                    op = c.op();
                    lhs = c.lhs();
                    rhs = c.rhs();
                } else {
                    op = CmpOp.NE;
                    lhs = b.cond();
                    rhs = zeroValue();
                }
                if (next.equals(Optional.of(b.ifTrue()))) {
                    conditionalJump(op.negate(), lhs, rhs, Optional.of(b.ifFalse()), 0);
                } else {
                    conditionalJump(op, lhs, rhs, Optional.of(b.ifTrue()), 0);
                    if (!next.equals(Optional.of(b.ifFalse()))) emitJump(Asm.ja(0), b.ifFalse());
                }
            }
        }
    }

    private static final Value ZERO = new Value(-1, jtracec.compiler.ir.IrType.I64);

    private Value zeroValue() {
        homes.putIfAbsent(ZERO, new Home.Constant(0));
        return ZERO;
    }

    /** {@code if (lhs op rhs) goto target} (or skip {@code skip} instructions when no target). */
    private void conditionalJump(CmpOp op, Value lhs, Value rhs, Optional<BlockId> target, int skip) {
        if (homes.get(lhs) instanceof Home.Constant && !(homes.get(rhs) instanceof Home.Constant)) {
            conditionalJump(op.swapped(), rhs, lhs, target, skip);
            return;
        }
        int code = switch (op) {
            case EQ -> JEQ;
            case NE -> JNE;
            case ULT -> JLT;
            case ULE -> JLE;
            case UGT -> JGT;
            case UGE -> JGE;
            case SLT -> JSLT;
            case SLE -> JSLE;
            case SGT -> JSGT;
            case SGE -> JSGE;
        };
        int l = use(lhs, T1);
        Insn jump;
        if (homes.get(rhs) instanceof Home.Constant c && fitsImm(c.bits())) {
            jump = Asm.jumpImm(code, l, (int) c.bits(), skip);
        } else {
            jump = Asm.jump(code, l, use(rhs, T2), skip);
        }
        if (target.isPresent()) emitJump(jump, target.get());
        else emit(jump);
    }


    /**
     * Moves jump arguments into the target's parameters as if all at once: a move runs once no
     * pending move still reads its destination; a cycle is broken through r0.
     */
    private void parallelMove(List<Value> args, List<Value> params) {
        record Move(Home from, Home to) {}
        var pending = new ArrayList<Move>();
        for (int i = 0; i < args.size(); i++) {
            Home to = homes.get(params.get(i));
            Home from = homes.get(args.get(i));
            if (to instanceof Home.Unused || to.equals(from)) continue;
            pending.add(new Move(from, to));
        }
        while (!pending.isEmpty()) {
            Optional<Move> ready = pending.stream()
                    .filter(m -> pending.stream().noneMatch(o -> o != m && o.from().equals(m.to())))
                    .findFirst();
            if (ready.isPresent()) {
                pending.remove(ready.get());
                move(ready.get().from(), ready.get().to());
                continue;
            }
            Move blocked = pending.get(0);
            Home temp = new Home.Register(T0);
            move(blocked.from(), temp);
            for (int i = 0; i < pending.size(); i++) {
                Move m = pending.get(i);
                if (m.from().equals(blocked.from())) pending.set(i, new Move(temp, m.to()));
            }
        }
    }

    private void move(Home from, Home to) {
        switch (to) {
            case Home.Register r -> materialise(from, r.reg());
            case Home.Spill s -> {
                int reg = from instanceof Home.Register r ? r.reg() : T1;
                materialise(from, reg);
                emit(Asm.store(DW, Reg.FP, s.offset(), reg));
            }
            default -> throw new IllegalStateException("bug: move into " + to);
        }
    }

    // ---- values

    /** A register holding {@code v}: its home register, or {@code scratch} after loading it there. */
    private int use(Value v, int scratch) {
        Home home = homes.get(v);
        if (home instanceof Home.Register r) return r.reg();
        materialise(home, scratch);
        return scratch;
    }

    /** Puts {@code v} into exactly {@code reg}. */
    private void moveTo(Value v, int reg) {
        materialise(homes.get(v), reg);
    }

    private void materialise(Home home, int reg) {
        switch (home) {
            case Home.Register r -> {
                if (r.reg() != reg) emit(Asm.mov64(reg, r.reg()));
            }
            case Home.Spill s -> emit(Asm.load(DW, reg, Reg.FP, s.offset()));
            case Home.Frame f -> {
                emit(Asm.mov64(reg, Reg.FP));
                emit(Asm.alu64Imm(ADD, reg, f.offset()));
            }
            case Home.Constant c -> constant(reg, c.bits());
            case Home.Unused u -> throw new IllegalStateException("bug: read of a value with no home");
        }
    }

    /** The register to compute {@code v} into. */
    private int target(Value v, int scratch) {
        return homes.get(v) instanceof Home.Register r ? r.reg() : scratch;
    }

    /** Saves a value computed into {@code reg} to its home. */
    private void define(Value v, int reg) {
        switch (homes.get(v)) {
            case Home.Register r -> {
                if (r.reg() != reg) emit(Asm.mov64(r.reg(), reg));
            }
            case Home.Spill s -> emit(Asm.store(DW, Reg.FP, s.offset(), reg));
            case Home.Unused u -> { }
            case Home.Frame f -> throw new IllegalStateException("bug: frame pointer value computed at run time");
            case Home.Constant c -> throw new IllegalStateException("bug: constant computed at run time");
        }
    }

    private void constant(int reg, long bits) {
        if (fitsImm(bits)) emit(Asm.mov64(reg, bits));
        else emitAll(Asm.lddw(reg, bits));
    }

    private static boolean fitsImm(long bits) {
        return bits == (int) bits;
    }

    private static int sizeField(int width) {
        return switch (width) {
            case 1 -> B;
            case 2 -> H;
            case 4 -> W;
            case 8 -> DW;
            default -> throw new IllegalStateException("bug: access width " + width);
        };
    }

    private void emit(Insn insn) {
        out.add(new Emitted(insn, span, Optional.empty(), point));
    }

    private void emitAll(List<Insn> insns) {
        for (Insn insn : insns) emit(insn);
    }

    private void emitJump(Insn insn, BlockId target) {
        out.add(new Emitted(insn, span, Optional.of(target), point));
    }
}

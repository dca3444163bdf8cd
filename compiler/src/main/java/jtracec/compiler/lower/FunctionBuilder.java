package jtracec.compiler.lower;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.CmpOp;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrType;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.compiler.ir.VariableNames;
import jtracec.spec.helper.HelperId;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.Signedness;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.source.SourceSpan;

/**
 * Builds one function block by block. Code emitted after a terminator lands in a fresh block
 * with no predecessors; {@link #finish} drops such blocks, so the result has only reachable ones.
 */
final class FunctionBuilder {
    /** A block under construction: its terminator is absent until the block is closed. */
    static final class BlockBuilder {
        final BlockId id;
        final List<Value> params = new ArrayList<>();
        final List<Inst> body = new ArrayList<>();
        Optional<Terminator> end = Optional.empty();

        BlockBuilder(BlockId id) {
            this.id = id;
        }
    }

    private final List<BlockBuilder> blocks = new ArrayList<>();
    private final BlockBuilder entry;
    private int entryInsertions;
    private int nextValue;
    private BlockBuilder current;
    private final Value context;
    private VariableNames variables = VariableNames.none();

    FunctionBuilder() {
        current = newBlock();
        entry = current;
        context = addParam(current, IrType.CTX);
    }

    Value context() {
        return context;
    }

    Value fresh(IrType type) {
        return new Value(nextValue++, type);
    }

    BlockBuilder newBlock() {
        var block = new BlockBuilder(new BlockId(blocks.size()));
        blocks.add(block);
        return block;
    }

    Value addParam(BlockBuilder block, IrType type) {
        Value v = fresh(type);
        block.params.add(v);
        return v;
    }

    BlockBuilder current() {
        if (current.end.isPresent()) current = newBlock();
        return current;
    }

    void switchTo(BlockBuilder block) {
        current = block;
    }

    boolean isOpen() {
        return current.end.isEmpty();
    }

    void emit(Inst inst) {
        current().body.add(inst);
    }

    void terminate(Terminator end) {
        current().end = Optional.of(end);
    }

    /** Closes a block other than the current one, e.g. an arm waiting for its join block. */
    void terminate(BlockBuilder block, Terminator end) {
        if (block.end.isPresent()) throw new IllegalStateException("bug: block " + block.id + " closed twice");
        block.end = Optional.of(end);
    }

    /** Records that script variable {@code name} (spelled as the script does: {@code $x}) holds {@code v}, for codegen's variable table. */
    void nameVariable(Value v, String name) {
        variables = variables.with(v, name);
    }

    Function finish(String name, String probe, ProgramType type, AttachPoint attach, SourceSpan attachSpan, SourceSpan span) {
        var built = new ArrayList<Block>();
        for (BlockBuilder b : blocks) {
            Terminator end = b.end.orElseGet(() -> {
                // falling off the end of a probe returns 0, as bpftrace's generated code does
                Value zero = fresh(IrType.I64);
                b.body.add(new Inst.Const(zero, 0, span));
                return new Terminator.Exit(zero, span);
            });
            built.add(new Block(b.id, b.params, b.body, end));
        }
        Function all = new Function(name, probe, type, List.of(new AttachSite(probe, attach)), built, variables, attachSpan, span);
        var cfg = new ControlFlow(all);
        var reachable = new HashSet<>(cfg.reversePostorder());
        return all.withBlocks(built.stream().filter(b -> reachable.contains(b.id())).toList());
    }

    // ---- emission: one instruction (or a short fixed sequence) in the current block

    void literal(String text, Value base, int offset, int size, SourceSpan span) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int full = MapLayout.align8(size);
        byte[] bytes = new byte[full];
        System.arraycopy(utf8, 0, bytes, 0, Math.min(utf8.length, Math.max(0, size - 1)));
        for (int i = 0; i < full; i += 8) {
            long chunk = 0;
            for (int j = 7; j >= 0; j--) chunk = (chunk << 8) | (bytes[i + j] & 0xff);
            store(base, offset + i, constant(chunk, span), 8, span);
        }
    }

    void zero(Value base, int offset, int length, SourceSpan span) {
        int i = 0;
        while (i < length) {
            int width = widest(offset + i, length - i);
            store(base, offset + i, constant(0, span), width, span);
            i += width;
        }
    }

    /** Copies with the widest accesses both alignments allow, as context loads must be aligned. */
    void copy(Value from, int fromOffset, Value to, int toOffset, int length, SourceSpan span) {
        int i = 0;
        while (i < length) {
            int width = Math.min(widest(fromOffset + i, length - i), widest(toOffset + i, length - i));
            Value v = load(from, fromOffset + i, width, Signedness.UNSIGNED, span);
            store(to, toOffset + i, v, width, span);
            i += width;
        }
    }

    static int widest(int offset, int remaining) {
        for (int width = 8; width > 1; width /= 2) {
            if (offset % width == 0 && remaining >= width) return width;
        }
        return 1;
    }

    Value plus(Value address, long offset, SourceSpan span) {
        return offset == 0 ? address : alu(AluOp.ADD, address, constant(offset, span), span);
    }

    Value constant(long bits, SourceSpan span) {
        Value v = fresh(IrType.I64);
        emit(new Inst.Const(v, bits, span));
        return v;
    }

    Value alu(AluOp op, Value lhs, Value rhs, SourceSpan span) {
        Value v = fresh(IrType.I64);
        emit(new Inst.Alu(v, op, lhs, rhs, span));
        return v;
    }

    Value compare(CmpOp op, Value lhs, Value rhs, SourceSpan span) {
        Value v = fresh(IrType.I64);
        emit(new Inst.Compare(v, op, lhs, rhs, span));
        return v;
    }

    /**
     * A zeroed stack buffer made at the start of the function, before anything emitted so far, so
     * it is the same buffer on every path: bpftrace's scratch-variable alloca in the entry block.
     */
    Value entrySlot(int size, SourceSpan span) {
        Value v = fresh(IrType.STACK);
        int full = MapLayout.align8(Math.max(size, 8));
        var insts = new ArrayList<Inst>();
        insts.add(new Inst.StackSlot(v, full, span));
        for (int i = 0; i < full; i += 8) {
            Value zero = fresh(IrType.I64);
            insts.add(new Inst.Const(zero, 0, span));
            insts.add(new Inst.Store(v, i, zero, 8, span));
        }
        entry.body.addAll(entryInsertions, insts);
        entryInsertions += insts.size();
        return v;
    }

    Value slot(int size, SourceSpan span) {
        Value v = fresh(IrType.STACK);
        emit(new Inst.StackSlot(v, MapLayout.align8(Math.max(size, 8)), span));
        return v;
    }

    Value offset(Value base, int offset, SourceSpan span) {
        if (offset == 0) return base;
        Value v = fresh(base.type());
        emit(new Inst.Offset(v, base, offset, span));
        return v;
    }

    Value load(Value base, int offset, int width, Signedness signedness, SourceSpan span) {
        Value v = fresh(IrType.I64);
        emit(new Inst.Load(v, base, offset, width, signedness, span));
        return v;
    }

    void store(Value base, int offset, Value value, int width, SourceSpan span) {
        emit(new Inst.Store(base, offset, value, width, span));
    }

    Value call(HelperId helper, SourceSpan span, Value... args) {
        Value v = fresh(IrType.I64);
        emit(new Inst.Call(v, helper, List.of(args), span));
        return v;
    }
}

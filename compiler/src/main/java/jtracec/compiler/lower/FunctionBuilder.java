package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrType;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
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
    private int nextValue;
    private BlockBuilder current;
    private final Value context;

    FunctionBuilder() {
        current = newBlock();
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
        Function all = new Function(name, probe, type, attach, built, attachSpan, span);
        var cfg = new ControlFlow(all);
        var reachable = new HashSet<>(cfg.reversePostorder());
        return all.withBlocks(built.stream().filter(b -> reachable.contains(b.id())).toList());
    }
}

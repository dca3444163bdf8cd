package jtracec.compiler.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jtracec.spec.object.PrintfSpec;

/**
 * Checks the IR's invariants: every value is defined once and its definition dominates each use,
 * operands have the types their instruction needs, jumps pass as many arguments as their target
 * has parameters, branch targets take none, map indices exist, and no stack byte is read before it
 * is written ({@link StackInitialisation}). A violation is a compiler bug,
 * so it throws {@code IllegalStateException("bug: ...")}.
 */
public final class IrVerifier {
    private IrVerifier() {}

    public static void check(IrModule module) {
        for (int i = 0; i < module.printfs().size(); i++) {
            PrintfSpec printf = module.printfs().get(i);
            require(printf.id() == i, "printf #%d has id %d", i, printf.id());
        }
        for (Function function : module.functions()) new FunctionCheck(module, function).run();
    }

    private static void require(boolean condition, String format, Object... args) {
        if (!condition) throw new IllegalStateException("bug: ir: " + format.formatted(args));
    }

    private record Def(BlockId block, int index) {}

    private static final class FunctionCheck {
        private final IrModule module;
        private final Function function;
        private final Map<Integer, Def> defs = new HashMap<>();
        private final Map<Integer, IrType> types = new HashMap<>();
        private final Map<BlockId, Block> blocks;
        private ControlFlow cfg;

        FunctionCheck(IrModule module, Function function) {
            this.module = module;
            this.function = function;
            this.blocks = function.blocksById();
        }

        void run() {
            String fn = function.name();
            require(blocks.size() == function.blocks().size(), "%s: duplicate block ids", fn);
            require(function.entry().params().size() == 1 && function.entry().params().get(0).type() == IrType.CTX,
                    "%s: entry block must take exactly the context", fn);
            for (Block block : function.blocks()) {
                for (Value p : block.params()) define(p, block.id(), -1);
                for (int i = 0; i < block.body().size(); i++) {
                    int index = i;
                    block.body().get(i).result().ifPresent(v -> define(v, block.id(), index));
                }
            }
            cfg = new ControlFlow(function);
            for (Block block : function.blocks()) {
                require(cfg.isReachable(block.id()), "%s: %s is unreachable", fn, block.id());
                for (int i = 0; i < block.body().size(); i++) {
                    Inst inst = block.body().get(i);
                    for (Value v : inst.operands()) use(v, block.id(), i);
                    checkTypes(inst);
                }
                for (Value v : block.end().operands()) use(v, block.id(), block.body().size());
                checkTerminator(block.end());
            }
            new StackInitialisation(module, function, cfg).check();
        }

        private void define(Value v, BlockId block, int index) {
            require(defs.put(v.id(), new Def(block, index)) == null, "%s: %s defined twice", function.name(), v);
            types.put(v.id(), v.type());
        }

        private void use(Value v, BlockId block, int index) {
            Def def = defs.get(v.id());
            require(def != null, "%s: %s used in %s but never defined", function.name(), v, block);
            require(types.get(v.id()) == v.type(), "%s: %s used as %s but defined as %s", function.name(), v,
                    v.type().spelling(), types.get(v.id()).spelling());
            boolean dominated = def.block().equals(block) ? def.index() < index : cfg.dominates(def.block(), block);
            require(dominated, "%s: use of %s in %s is not dominated by its definition", function.name(), v, block);
        }

        private void checkTypes(Inst inst) {
            String at = function.name() + ": " + new IrPrinter().print(inst);
            switch (inst) {
                case Inst.Const i -> require(i.dst().type() == IrType.I64, "%s: constant must be i64", at);
                case Inst.Copy i -> require(i.dst().type() == i.src().type(), "%s: copy changes type", at);
                case Inst.Alu i -> require(isScalar(i.dst(), i.lhs(), i.rhs()), "%s: arithmetic on pointers", at);
                case Inst.Compare i -> {
                    require(i.dst().type() == IrType.I64, "%s: comparison result must be i64", at);
                    boolean pointers = i.lhs().type().isPointer() || i.rhs().type().isPointer();
                    require(!pointers || i.op() == CmpOp.EQ || i.op() == CmpOp.NE,
                            "%s: pointers only compare for equality", at);
                }
                case Inst.StackSlot i -> require(i.dst().type() == IrType.STACK && i.size() > 0 && i.size() % 8 == 0,
                        "%s: stack slots are 8-byte multiples", at);
                case Inst.Offset i -> require(i.base().type().isPointer() && i.dst().type() == i.base().type(),
                        "%s: offset must keep the pointer kind", at);
                case Inst.Load i -> require(i.base().type().isPointer() && i.dst().type() == IrType.I64
                        && isWidth(i.width()), "%s: bad load", at);
                case Inst.Store i -> require(i.base().type() == IrType.STACK || i.base().type() == IrType.MAP_VALUE,
                        "%s: stores go to the stack or a map value", at);
                case Inst.MapLookup i -> require(hasMap(i.map()) && i.key().type() == IrType.STACK
                        && i.dst().type() == IrType.MAP_VALUE, "%s: bad map lookup", at);
                case Inst.MapUpdate i -> require(hasMap(i.map()) && i.key().type() == IrType.STACK
                        && i.value().type().isPointer() && i.dst().type() == IrType.I64, "%s: bad map update", at);
                case Inst.MapDelete i -> require(hasMap(i.map()) && i.key().type() == IrType.STACK
                        && i.dst().type() == IrType.I64, "%s: bad map delete", at);
                case Inst.RingbufOutput i -> require(hasMap(i.map()) && i.data().type() == IrType.STACK && i.size() > 0,
                        "%s: bad ring buffer output", at);
                case Inst.MapValueAdd i -> require(hasMap(i.map()) && i.offset() >= 0 && i.offset() % 8 == 0 && i.amount().type() == IrType.I64,
                        "%s: bad map value add", at);
                case Inst.AtomicAdd i -> require(i.base().type() == IrType.MAP_VALUE && i.offset() % 8 == 0
                        && i.amount().type() == IrType.I64, "%s: atomic adds go to a u64 of a map value", at);
                case Inst.StackId i -> require(hasMap(i.map()) && i.context().type() == IrType.CTX
                        && i.dst().type() == IrType.I64, "%s: bad stack id", at);
                case Inst.Call i -> require(i.dst().type() == IrType.I64 && i.args().size() <= 5,
                        "%s: bad helper call", at);
            }
            if (inst instanceof Inst.Store s) {
                require(isWidth(s.width()) && s.value().type() == IrType.I64, "%s: bad store", at);
            }
        }

        private void checkTerminator(Terminator end) {
            String at = function.name() + ": " + new IrPrinter().print(end);
            switch (end) {
                case Terminator.Jump j -> {
                    List<Value> params = blocks.get(j.target()).params();
                    require(params.size() == j.args().size(), "%s: %d arguments for %d parameters", at,
                            j.args().size(), params.size());
                    for (int i = 0; i < params.size(); i++) {
                        require(params.get(i).type() == j.args().get(i).type(), "%s: argument %d has the wrong type", at, i);
                    }
                    require(!j.target().equals(function.entry().id()), "%s: the entry block has no predecessors", at);
                }
                case Terminator.Branch b -> {
                    require(b.cond().type() == IrType.I64, "%s: condition must be i64", at);
                    require(blocks.get(b.ifTrue()).params().isEmpty() && blocks.get(b.ifFalse()).params().isEmpty(),
                            "%s: branch targets take no parameters", at);
                    require(!b.ifTrue().equals(function.entry().id()) && !b.ifFalse().equals(function.entry().id()),
                            "%s: the entry block has no predecessors", at);
                }
                case Terminator.Exit e -> require(e.result().type() == IrType.I64, "%s: exit value must be i64", at);
            }
        }

        private boolean hasMap(int map) {
            return map >= 0 && map < module.maps().size();
        }

        private static boolean isScalar(Value... values) {
            for (Value v : values) {
                if (v.type() != IrType.I64) return false;
            }
            return true;
        }

        private static boolean isWidth(int width) {
            return width == 1 || width == 2 || width == 4 || width == 8;
        }
    }
}

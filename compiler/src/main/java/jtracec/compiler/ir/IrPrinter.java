package jtracec.compiler.ir;

import java.util.Locale;
import java.util.stream.Collectors;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.PrintfSpec;
import jtracec.spec.object.Signedness;

/** The text form of the IR, as {@code -d ir} prints it and IR tests are written. */
public final class IrPrinter {
    public String print(IrModule module) {
        var out = new StringBuilder();
        for (int i = 0; i < module.maps().size(); i++) {
            MapSpec map = module.maps().get(i);
            out.append("map #%d %s %s key=%d value=%d entries=%d%n".formatted(i, map.name(),
                    map.type().name().toLowerCase(Locale.ROOT), map.keySize(), map.valueSize(), map.maxEntries()));
        }
        for (PrintfSpec printf : module.printfs()) {
            out.append("printf #%d size=%d %s%n".formatted(printf.id(), printf.size(), quote(printf.format())));
        }
        for (Function function : module.functions()) {
            out.append('\n').append(print(function));
        }
        return out.toString();
    }

    public String print(Function function) {
        var out = new StringBuilder();
        out.append("fn %s %s %s {%n".formatted(function.name(), quote(function.probe()),
                function.programType().name().toLowerCase(Locale.ROOT)));
        for (Block block : function.blocks()) {
            out.append(block.id());
            out.append(block.params().stream().map(p -> p + ": " + p.type().spelling())
                    .collect(Collectors.joining(", ", "(", ")")));
            out.append(":\n");
            for (Inst inst : block.body()) out.append("  ").append(print(inst)).append('\n');
            out.append("  ").append(print(block.end())).append('\n');
        }
        out.append("}\n");
        return out.toString();
    }

    public String print(Inst inst) {
        String rhs = switch (inst) {
            case Inst.Const i -> "const " + i.bits();
            case Inst.Copy i -> "copy " + i.src();
            case Inst.Alu i -> "%s %s, %s".formatted(i.op().spelling(), i.lhs(), i.rhs());
            case Inst.Compare i -> "cmp.%s %s, %s".formatted(i.op().spelling(), i.lhs(), i.rhs());
            case Inst.StackSlot i -> "stack " + i.size();
            case Inst.Offset i -> "offset %s, %d".formatted(i.base(), i.offset());
            case Inst.Load i -> "load.%s%d [%s%+d]".formatted(i.signedness() == Signedness.SIGNED ? "s" : "u",
                    i.width(), i.base(), i.offset());
            case Inst.Store i -> "store.%d [%s%+d], %s".formatted(i.width(), i.base(), i.offset(), i.value());
            case Inst.MapLookup i -> "map.lookup #%d, %s".formatted(i.map(), i.key());
            case Inst.MapUpdate i -> "map.update #%d, %s, %s, %d".formatted(i.map(), i.key(), i.value(), i.flags());
            case Inst.MapDelete i -> "map.delete #%d, %s".formatted(i.map(), i.key());
            case Inst.RingbufOutput i -> "ringbuf.output #%d, %s, %d".formatted(i.map(), i.data(), i.size());
            case Inst.MapValueAdd i -> "map.add #%d%+d, %s".formatted(i.map(), i.offset(), i.amount());
            case Inst.AtomicAdd i -> "atomic.add [%s%+d], %s".formatted(i.base(), i.offset(), i.amount());
            case Inst.StackId i -> "stack.id #%d, %s, %d".formatted(i.map(), i.context(), i.flags());
            case Inst.Call i -> "call %s(%s)".formatted(i.helper().name().toLowerCase(Locale.ROOT),
                    i.args().stream().map(Value::toString).collect(Collectors.joining(", ")));
        };
        return inst.result().map(v -> v + ": " + v.type().spelling() + " = " + rhs).orElse(rhs);
    }

    public String print(Terminator end) {
        return switch (end) {
            case Terminator.Jump j -> "jump " + j.target()
                    + j.args().stream().map(Value::toString).collect(Collectors.joining(", ", "(", ")"));
            case Terminator.Branch b -> "branch %s, %s, %s".formatted(b.cond(), b.ifTrue(), b.ifFalse());
            case Terminator.Exit e -> "exit " + e.result();
        };
    }

    private static String quote(String text) {
        var out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) out.append("\\x%02x".formatted((int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}

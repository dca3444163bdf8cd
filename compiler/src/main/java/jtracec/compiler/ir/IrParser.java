package jtracec.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtracec.spec.helper.HelperId;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.PrintfSpec;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceSpan;

/**
 * Reads the text {@link IrPrinter} writes, so IR tests can be written as text. What the text does
 * not carry is defaulted: spans are unknown, map displays and printf argument fields are absent,
 * and the attach point is derived from the probe name. Malformed text throws IllegalArgumentException.
 */
public final class IrParser {
    private static final Pattern MAP = Pattern.compile("map #(\\d+) (\\S+) (\\S+) key=(\\d+) value=(\\d+) entries=(\\d+)");
    private static final Pattern PRINTF = Pattern.compile("printf #(\\d+) size=(\\d+) (\".*\")");
    private static final Pattern FN = Pattern.compile("fn (\\S+) (\".*\") (\\S+) \\{");
    private static final Pattern BLOCK = Pattern.compile("b(\\d+)\\((.*)\\):");
    private static final Pattern DEF = Pattern.compile("%(\\d+): (\\w+) = (.*)");
    private static final Pattern VALUE_DEF = Pattern.compile("%(\\d+): (\\w+)");

    private final SourceSpan span;

    public IrParser(String file) {
        this.span = SourceSpan.unknown(file);
    }

    public IrModule parse(String text) {
        var maps = new ArrayList<MapSpec>();
        var printfs = new ArrayList<PrintfSpec>();
        var functions = new ArrayList<Function>();
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith(";")).toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher m;
            if ((m = MAP.matcher(line)).matches()) {
                maps.add(new MapSpec(m.group(2), MapType.valueOf(m.group(3).toUpperCase(Locale.ROOT)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                        Optional.empty()));
                i++;
            } else if ((m = PRINTF.matcher(line)).matches()) {
                printfs.add(new PrintfSpec(Integer.parseInt(m.group(1)), unquote(m.group(3)), List.of(),
                        Integer.parseInt(m.group(2))));
                i++;
            } else if ((m = FN.matcher(line)).matches()) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).equals("}")) end++;
                functions.add(function(m.group(1), unquote(m.group(2)), m.group(3), lines.subList(i + 1, end)));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected line: " + line);
            }
        }
        return new IrModule(span.file(), functions, maps, printfs);
    }

    private Function function(String name, String probe, String type, List<String> lines) {
        var types = new HashMap<Integer, IrType>();
        for (String line : lines) {
            Matcher m = VALUE_DEF.matcher(line);
            while (m.find()) types.put(Integer.parseInt(m.group(1)), IrType.parse(m.group(2)));
        }
        var blocks = new ArrayList<Block>();
        int i = 0;
        while (i < lines.size()) {
            Matcher header = BLOCK.matcher(lines.get(i));
            if (!header.matches()) throw new IllegalArgumentException("expected a block header: " + lines.get(i));
            var params = new ArrayList<Value>();
            for (String p : split(header.group(2))) params.add(value(p.substring(0, p.indexOf(':')).strip(), types));
            var body = new ArrayList<Inst>();
            i++;
            while (i < lines.size() && !BLOCK.matcher(lines.get(i)).matches() && !isTerminator(lines.get(i))) {
                body.add(inst(lines.get(i), types));
                i++;
            }
            if (i >= lines.size()) throw new IllegalArgumentException("block b" + header.group(1) + " has no terminator");
            blocks.add(new Block(new BlockId(Integer.parseInt(header.group(1))), params, body, terminator(lines.get(i), types)));
            i++;
        }
        return new Function(name, probe, ProgramType.valueOf(type.toUpperCase(Locale.ROOT)),
                List.of(new AttachSite(probe, attachPoint(probe))), blocks, span, span);
    }

    private static boolean isTerminator(String line) {
        return line.startsWith("jump ") || line.startsWith("branch ") || line.startsWith("exit ");
    }

    private Terminator terminator(String line, Map<Integer, IrType> types) {
        if (line.startsWith("exit ")) return new Terminator.Exit(value(line.substring(5), types), span);
        if (line.startsWith("branch ")) {
            List<String> parts = split(line.substring(7));
            return new Terminator.Branch(value(parts.get(0), types), block(parts.get(1)), block(parts.get(2)), span);
        }
        String rest = line.substring(5);
        int paren = rest.indexOf('(');
        var args = split(rest.substring(paren + 1, rest.lastIndexOf(')'))).stream().map(a -> value(a, types)).toList();
        return new Terminator.Jump(block(rest.substring(0, paren)), args, span);
    }

    private Inst inst(String line, Map<Integer, IrType> types) {
        Matcher def = DEF.matcher(line);
        if (!def.matches()) {
            // map.add #m+off, amount
            Matcher add = Pattern.compile("map\\.add #(\\d+)([+-]\\d+), (%\\d+)").matcher(line);
            if (add.matches()) {
                return new Inst.MapValueAdd(Integer.parseInt(add.group(1)), Integer.parseInt(add.group(2)), value(add.group(3), types), span);
            }
            // atomic.add [%b+off], %v
            Matcher atomic = Pattern.compile("atomic\\.add \\[(%\\d+)([+-]\\d+)\\], (%\\d+)").matcher(line);
            if (atomic.matches()) {
                return new Inst.AtomicAdd(value(atomic.group(1), types), Integer.parseInt(atomic.group(2)),
                        value(atomic.group(3), types), span);
            }
            // store.W [%b+off], %v
            Matcher store = Pattern.compile("store\\.(\\d) \\[(%\\d+)([+-]\\d+)\\], (%\\d+)").matcher(line);
            if (!store.matches()) throw new IllegalArgumentException("bad instruction: " + line);
            return new Inst.Store(value(store.group(2), types), Integer.parseInt(store.group(3)),
                    value(store.group(4), types), Integer.parseInt(store.group(1)), span);
        }
        Value dst = value("%" + def.group(1), types);
        String rhs = def.group(3);
        int space = rhs.indexOf(' ');
        String op = space < 0 ? rhs : rhs.substring(0, space);
        String operands = space < 0 ? "" : rhs.substring(space + 1);
        List<String> args = split(operands);
        if (op.startsWith("cmp.")) {
            return new Inst.Compare(dst, CmpOp.parse(op.substring(4)), value(args.get(0), types), value(args.get(1), types), span);
        }
        if (op.startsWith("load.")) {
            Matcher load = Pattern.compile("load\\.([su])(\\d) \\[(%\\d+)([+-]\\d+)\\]").matcher(rhs);
            if (!load.matches()) throw new IllegalArgumentException("bad load: " + line);
            return new Inst.Load(dst, value(load.group(3), types), Integer.parseInt(load.group(4)),
                    Integer.parseInt(load.group(2)), load.group(1).equals("s") ? Signedness.SIGNED : Signedness.UNSIGNED, span);
        }
        if (op.startsWith("call")) {
            String helper = operands.substring(0, operands.indexOf('('));
            var callArgs = split(operands.substring(operands.indexOf('(') + 1, operands.lastIndexOf(')')));
            return new Inst.Call(dst, HelperId.valueOf(helper.toUpperCase(Locale.ROOT)),
                    callArgs.stream().map(a -> value(a, types)).toList(), span);
        }
        return switch (op) {
            case "const" -> new Inst.Const(dst, Long.parseLong(operands), span);
            case "copy" -> new Inst.Copy(dst, value(operands, types), span);
            case "stack" -> new Inst.StackSlot(dst, Integer.parseInt(operands), span);
            case "offset" -> new Inst.Offset(dst, value(args.get(0), types), Integer.parseInt(args.get(1)), span);
            case "map.lookup" -> new Inst.MapLookup(dst, map(args.get(0)), value(args.get(1), types), span);
            case "map.update" -> new Inst.MapUpdate(dst, map(args.get(0)), value(args.get(1), types),
                    value(args.get(2), types), Long.parseLong(args.get(3)), span);
            case "map.delete" -> new Inst.MapDelete(dst, map(args.get(0)), value(args.get(1), types), span);
            case "stack.id" -> new Inst.StackId(dst, map(args.get(0)), value(args.get(1), types), Long.parseLong(args.get(2)), span);
            case "ringbuf.output" -> new Inst.RingbufOutput(dst, map(args.get(0)), value(args.get(1), types),
                    Integer.parseInt(args.get(2)), span);
            default -> new Inst.Alu(dst, AluOp.parse(op), value(args.get(0), types), value(args.get(1), types), span);
        };
    }

    private static Value value(String text, Map<Integer, IrType> types) {
        String t = text.strip();
        if (!t.startsWith("%")) throw new IllegalArgumentException("expected a value: " + t);
        int id = Integer.parseInt(t.substring(1));
        IrType type = types.get(id);
        if (type == null) throw new IllegalArgumentException("value " + t + " is never defined");
        return new Value(id, type);
    }

    private static BlockId block(String text) {
        String t = text.strip();
        if (!t.startsWith("b")) throw new IllegalArgumentException("expected a block: " + t);
        return new BlockId(Integer.parseInt(t.substring(1)));
    }

    private static int map(String text) {
        return Integer.parseInt(text.strip().substring(1));
    }

    private static List<String> split(String text) {
        if (text.isBlank()) return List.of();
        return List.of(text.split(",")).stream().map(String::strip).toList();
    }

    private static AttachPoint attachPoint(String probe) {
        String[] parts = probe.split(":");
        return switch (parts[0]) {
            case "END" -> new AttachPoint.End();
            case "tracepoint" -> new AttachPoint.Tracepoint(parts[1], parts[2]);
            case "kprobe" -> new AttachPoint.Kprobe(parts[1], 0, AttachPoint.ProbeEnd.ENTRY);
            case "kretprobe" -> new AttachPoint.Kprobe(parts[1], 0, AttachPoint.ProbeEnd.RETURN);
            case "rawtracepoint" -> new AttachPoint.RawTracepoint(parts[1]);
            default -> new AttachPoint.Begin();
        };
    }

    private static String unquote(String quoted) {
        var out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = quoted.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'x' -> {
                    out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}

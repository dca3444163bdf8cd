package jtracec.spec.isa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.isa.Instruction.*;

/**
 * Assembles the text of a bpf_conformance {@code -- asm} section (the syntax of upstream's
 * {@code bpf_assembler.cc}): {@code mov %r0, 1}, {@code ldxdw %r0, [%r1+8]},
 * {@code lock fetch add32 [%r10-4], %r1}, {@code jne %r0, 15, label}, {@code call local f}.
 * Labels end in ':'; as upstream, the first {@code exit} is also the label {@code exit}.
 * Bad input is a {@link Assembly.Failed} with its line, never an exception.
 */
public final class Assembler {
    /** The result of assembling. */
    public sealed interface Assembly {
        record Assembled(List<Insn> insns) implements Assembly {
            public Assembled {
                insns = List.copyOf(insns);
            }
        }

        record Failed(int line, String reason) implements Assembly {}
    }

    private static final Map<String, AluOp> ALU_OPS = Map.ofEntries(
            Map.entry("add", AluOp.ADD), Map.entry("sub", AluOp.SUB), Map.entry("mul", AluOp.MUL),
            Map.entry("div", AluOp.DIV), Map.entry("sdiv", AluOp.SDIV), Map.entry("or", AluOp.OR),
            Map.entry("and", AluOp.AND), Map.entry("lsh", AluOp.LSH), Map.entry("rsh", AluOp.RSH),
            Map.entry("neg", AluOp.NEG), Map.entry("mod", AluOp.MOD), Map.entry("smod", AluOp.SMOD),
            Map.entry("xor", AluOp.XOR), Map.entry("mov", AluOp.MOV), Map.entry("arsh", AluOp.ARSH));
    private static final Map<String, AtomicOp> ATOMIC_OPS = Map.of(
            "add", AtomicOp.ADD, "or", AtomicOp.OR, "and", AtomicOp.AND, "xor", AtomicOp.XOR,
            "xchg", AtomicOp.XCHG, "cmpxchg", AtomicOp.CMPXCHG);

    /** Thrown inside this class only, to unwind to {@link #assemble} with the reason. */
    private static final class Reject extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reject(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Pending(int slot, String label, int line) {}

    private final List<Instruction> instructions = new ArrayList<>();
    private final List<Integer> slotOf = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private int slots;

    private Assembler() {}

    public static Assembly assemble(String text) {
        return new Assembler().run(text);
    }

    private Assembly run(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf('#');
            if (comment >= 0) line = line.substring(0, comment);
            line = line.strip();
            if (line.isEmpty()) continue;
            try {
                statement(line, i + 1);
            } catch (Reject | IllegalArgumentException | ArithmeticException e) {
                return new Assembly.Failed(i + 1, e.getMessage());
            }
        }
        for (Pending fixup : pending) {
            Integer target = labels.get(fixup.label());
            if (target == null) return new Assembly.Failed(fixup.line(), "unknown label " + fixup.label());
            int index = slotOf.indexOf(fixup.slot());
            int relative = target - fixup.slot() - 1;
            Instruction patched = switch (instructions.get(index)) {
                case Jump jump -> new Jump(jump.width(), jump.op(), jump.dst(), jump.source(), relative);
                case Goto jump -> new Goto(relative);
                case GotoLong jump -> new GotoLong(relative);
                case CallLocal call -> new CallLocal(relative);
                default -> throw new IllegalStateException("bug: label on a non-jump");
            };
            if (!(patched instanceof GotoLong || patched instanceof CallLocal)
                    && (relative < Short.MIN_VALUE || relative > Short.MAX_VALUE)) {
                return new Assembly.Failed(fixup.line(), "jump to " + fixup.label() + " is out of 16-bit range");
            }
            instructions.set(index, patched);
        }
        List<Insn> insns = new ArrayList<>();
        instructions.forEach(instruction -> insns.addAll(instruction.insns()));
        return new Assembly.Assembled(insns);
    }

    private void statement(String line, int lineNumber) {
        List<String> words = new ArrayList<>();
        for (String word : line.split("\\s+")) {
            String operand = word.endsWith(",") ? word.substring(0, word.length() - 1) : word;
            if (!operand.isEmpty()) words.add(operand);
        }
        if (words.isEmpty()) throw new Reject("no instruction on this line");
        String mnemonic = words.get(0).toLowerCase(Locale.ROOT);
        List<String> operands = words.subList(1, words.size());
        if (mnemonic.endsWith(":")) {
            String label = words.get(0).substring(0, mnemonic.length() - 1);
            if (labels.containsKey(label)) throw new Reject("duplicate label " + label);
            labels.put(label, slots);
            return;
        }
        if (mnemonic.equals("exit")) labels.putIfAbsent("exit", slots);
        emit(parse(mnemonic, operands, lineNumber));
    }

    private void emit(Instruction instruction) {
        instruction.insns();  // the slot constructors check field ranges; fail on this line, not later
        instructions.add(instruction);
        slotOf.add(slots);
        slots += instruction.slots();
    }

    private Instruction parse(String mnemonic, List<String> operands, int line) {
        switch (mnemonic) {
            case "exit" -> {
                arity(operands, 0, mnemonic);
                return new Exit();
            }
            case "lddw" -> {
                arity(operands, 2, mnemonic);
                long value = imm64(operands.get(1));
                return new LoadImmediate64(register(operands.get(0)), 0, (int) value, (int) (value >>> 32));
            }
            case "ja" -> {
                arity(operands, 1, mnemonic);
                return new Goto(target(operands.get(0), line));
            }
            case "ja32" -> {
                arity(operands, 1, mnemonic);
                return new GotoLong(target(operands.get(0), line));
            }
            case "call" -> {
                return call(operands, line);
            }
            case "lock" -> {
                return atomic(operands);
            }
            default -> {}
        }
        if (mnemonic.startsWith("ldx")) return load(mnemonic, operands);
        if (mnemonic.startsWith("stx")) return store(mnemonic, operands);
        if (mnemonic.startsWith("st")) return storeImmediate(mnemonic, operands);
        if (mnemonic.startsWith("j")) return jump(mnemonic, operands, line);
        return alu(mnemonic, operands);
    }

    private Instruction call(List<String> operands, int line) {
        if (operands.size() == 1) {
            String target = operands.get(0);
            return target.startsWith("%") ? new CallRegister(register(target)) : new CallHelper(imm32(target));
        }
        arity(operands, 2, "call");
        return switch (operands.get(0)) {
            case "helper" -> operands.get(1).startsWith("%")
                    ? new CallRegister(register(operands.get(1)))
                    : new CallHelper(imm32(operands.get(1)));
            case "local" -> new CallLocal(target(operands.get(1), line));
            case "runtime" -> new CallKernelFunction(imm32(operands.get(1)));
            default -> throw new Reject("call mode must be helper, local or runtime");
        };
    }

    private Instruction atomic(List<String> operands) {
        boolean isFetch = !operands.isEmpty() && operands.get(0).equals("fetch");
        List<String> rest = isFetch ? operands.subList(1, operands.size()) : operands;
        arity(rest, 3, "lock");
        String name = rest.get(0);
        Size size = Size.DW;
        if (name.endsWith("32")) {
            size = Size.W;
            name = name.substring(0, name.length() - 2);
        }
        AtomicOp op = ATOMIC_OPS.get(name);
        if (op == null) throw new Reject("unknown atomic operation " + name);
        if (isFetch) {
            op = switch (op) {
                case ADD -> AtomicOp.FETCH_ADD;
                case OR -> AtomicOp.FETCH_OR;
                case AND -> AtomicOp.FETCH_AND;
                case XOR -> AtomicOp.FETCH_XOR;
                default -> op;
            };
        }
        MemoryOperand memory = memory(rest.get(1));
        return new Atomic(size, op, memory.base(), memory.offset(), register(rest.get(2)));
    }

    private Instruction load(String mnemonic, List<String> operands) {
        arity(operands, 2, mnemonic);
        String suffix = mnemonic.substring(3);
        Extension extension = Extension.ZERO;
        if (suffix.startsWith("s")) {
            extension = Extension.SIGN;
            suffix = suffix.substring(1);
        }
        MemoryOperand memory = memory(operands.get(1));
        return new Load(size(suffix, mnemonic), extension, register(operands.get(0)), memory.base(), memory.offset());
    }

    private Instruction store(String mnemonic, List<String> operands) {
        arity(operands, 2, mnemonic);
        MemoryOperand memory = memory(operands.get(0));
        return new Store(size(mnemonic.substring(3), mnemonic), memory.base(), memory.offset(), register(operands.get(1)));
    }

    private Instruction storeImmediate(String mnemonic, List<String> operands) {
        arity(operands, 2, mnemonic);
        MemoryOperand memory = memory(operands.get(0));
        return new StoreImmediate(size(mnemonic.substring(2), mnemonic), memory.base(), memory.offset(), imm32(operands.get(1)));
    }

    private Instruction jump(String mnemonic, List<String> operands, int line) {
        arity(operands, 3, mnemonic);
        Width width = Width.W64;
        String name = mnemonic;
        if (name.endsWith("32")) {
            width = Width.W32;
            name = name.substring(0, name.length() - 2);
        }
        JumpOp op;
        try {
            op = JumpOp.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Reject("unknown mnemonic " + mnemonic);
        }
        return new Jump(width, op, register(operands.get(0)), operand(operands.get(1)), target(operands.get(2), line));
    }

    private Instruction alu(String mnemonic, List<String> operands) {
        for (String prefix : List.of("bswap", "swap", "be", "le")) {
            if (mnemonic.startsWith(prefix)) {
                arity(operands, 1, mnemonic);
                int bits = Integer.parseInt(mnemonic.substring(prefix.length()));
                SwapKind kind = switch (prefix) {
                    case "be" -> SwapKind.TO_BE;
                    case "le" -> SwapKind.TO_LE;
                    default -> SwapKind.BSWAP;
                };
                return new ByteSwap(kind, register(operands.get(0)), bits);
            }
        }
        String name = mnemonic;
        Width width = Width.W64;
        if (name.startsWith("movsx")) {
            // movsx<from><to>: movsx864, movsx1632, ...; the destination width is the last two digits
            String digits = name.substring(5);
            if (digits.length() < 3) throw new Reject("bad movsx mnemonic " + mnemonic);
            width = digits.endsWith("32") ? Width.W32 : Width.W64;
            int from = Integer.parseInt(digits.substring(0, digits.length() - 2));
            arity(operands, 2, mnemonic);
            return new MoveSignExtend(width, register(operands.get(0)), register(operands.get(1)), from);
        }
        if (name.endsWith("32")) {
            width = Width.W32;
            name = name.substring(0, name.length() - 2);
        } else if (name.endsWith("64")) {
            name = name.substring(0, name.length() - 2);
        }
        AluOp op = ALU_OPS.get(name);
        if (op == null) throw new Reject("unknown mnemonic " + mnemonic);
        if (op == AluOp.NEG) {
            arity(operands, 1, mnemonic);
            return new Alu(width, op, register(operands.get(0)), new Operand.Immediate(0));
        }
        arity(operands, 2, mnemonic);
        return new Alu(width, op, register(operands.get(0)), operand(operands.get(1)));
    }

    private record MemoryOperand(int base, int offset) {}

    /** {@code [%r1]}, {@code [%r1+8]}, {@code [%r10-8]}. */
    private MemoryOperand memory(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) throw new Reject("expected [register+offset], got " + text);
        String inner = text.substring(1, text.length() - 1);
        int sign = Math.max(inner.indexOf('+'), inner.indexOf('-'));
        if (sign < 0) return new MemoryOperand(register(inner), 0);
        int offset = Math.toIntExact(number(inner.substring(sign)));
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) throw new Reject("offset out of 16-bit range: " + text);
        return new MemoryOperand(register(inner.substring(0, sign)), offset);
    }

    private Operand operand(String text) {
        return text.startsWith("%") ? new Operand.Register(register(text)) : new Operand.Immediate(imm32(text));
    }

    private int target(String text, int line) {
        if (text.startsWith("+") || text.startsWith("-")) return Math.toIntExact(number(text));
        pending.add(new Pending(slots, text, line));
        return 0;
    }

    private static Size size(String suffix, String mnemonic) {
        return switch (suffix) {
            case "b" -> Size.B;
            case "h" -> Size.H;
            case "w" -> Size.W;
            case "dw" -> Size.DW;
            default -> throw new Reject("unknown mnemonic " + mnemonic);
        };
    }

    private static int register(String text) {
        if (!text.startsWith("%r")) throw new Reject("expected a register, got " + text);
        int number = Integer.parseInt(text.substring(2));
        if (number < 0 || number > 10) throw new Reject("no register " + text);
        return number;
    }

    /** A 32-bit immediate: hex is taken as an unsigned bit pattern, decimal as a signed value. */
    private static int imm32(String text) {
        long value = number(text);
        boolean isHex = text.toLowerCase(Locale.ROOT).contains("0x");
        if (isHex ? (value < -0x8000_0000L || value > 0xffff_ffffL) : (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw new Reject("immediate out of 32-bit range: " + text);
        }
        return (int) value;
    }

    private static long imm64(String text) {
        return number(text);
    }

    private static long number(String text) {
        String digits = text.toLowerCase(Locale.ROOT);
        boolean isNegative = digits.startsWith("-");
        if (isNegative || digits.startsWith("+")) digits = digits.substring(1);
        long magnitude = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseUnsignedLong(digits);
        return isNegative ? -magnitude : magnitude;
    }

    private static void arity(List<String> operands, int count, String mnemonic) {
        if (operands.size() != count) {
            throw new Reject("%s takes %d operands, got %d".formatted(mnemonic, count, operands.size()));
        }
    }

    /** The assembled program, or empty if the text does not assemble. */
    public static Optional<List<Insn>> tryAssemble(String text) {
        return assemble(text) instanceof Assembly.Assembled assembled ? Optional.of(assembled.insns()) : Optional.empty();
    }
}

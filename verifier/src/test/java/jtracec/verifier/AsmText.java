package jtracec.verifier;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Insn;

/**
 * A test-only assembler for the bpf_conformance text syntax (tests/*.data), until spec has one,
 * plus {@code lddw %r1, map[N]} for map loads and {@code lddw %r1, map_value[N]+OFF} for a map value's address. Jump targets are {@code +N}/{@code -N} or labels.
 */
final class AsmText {
    private static final Map<String, Integer> ALU_OPS = Map.ofEntries(
            Map.entry("add", ADD), Map.entry("sub", SUB), Map.entry("mul", MUL), Map.entry("div", DIV),
            Map.entry("or", OR), Map.entry("and", AND), Map.entry("lsh", LSH), Map.entry("rsh", RSH),
            Map.entry("mod", MOD), Map.entry("xor", XOR), Map.entry("mov", MOV), Map.entry("arsh", ARSH),
            Map.entry("sdiv", DIV), Map.entry("smod", MOD));
    private static final Map<String, Integer> JUMPS = Map.ofEntries(
            Map.entry("jeq", JEQ), Map.entry("jgt", JGT), Map.entry("jge", JGE), Map.entry("jset", JSET),
            Map.entry("jne", JNE), Map.entry("jsgt", JSGT), Map.entry("jsge", JSGE), Map.entry("jlt", JLT),
            Map.entry("jle", JLE), Map.entry("jslt", JSLT), Map.entry("jsle", JSLE));
    private static final Map<String, Integer> SIZES = Map.of("b", B, "h", H, "w", W, "dw", DW);
    private static final Pattern MEMORY = Pattern.compile("\\[%r(\\d+)\\s*([+-]\\s*(?:0x[0-9a-fA-F]+|\\d+))?\\]");

    private record Pending(int pc, String mnemonic, String[] operands, int line) {}

    private AsmText() {}

    static List<Insn> assemble(String text) {
        var labels = new HashMap<String, Integer>();
        var pending = new ArrayList<Pending>();
        int pc = 0, lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.replaceAll("#.*|//.*", "").trim();
            if (line.isEmpty()) continue;
            if (line.endsWith(":")) {
                labels.put(line.substring(0, line.length() - 1).trim(), pc);
                continue;
            }
            String mnemonic;
            String rest;
            if (line.startsWith("lock ")) {
                String[] parts = line.split("\\s+(?=\\[)", 2);
                mnemonic = parts[0].trim();
                rest = parts.length > 1 ? parts[1] : "";
            } else {
                int space = line.indexOf(' ');
                mnemonic = space < 0 ? line : line.substring(0, space);
                rest = space < 0 ? "" : line.substring(space + 1);
            }
            String[] operands = rest.isBlank() ? new String[0] : rest.split(",\\s*(?![^\\[]*\\])");
            for (int i = 0; i < operands.length; i++) operands[i] = operands[i].trim();
            var p = new Pending(pc, mnemonic.toLowerCase(Locale.ROOT), operands, lineNo);
            pending.add(p);
            pc += p.mnemonic().equals("lddw") ? 2 : 1;
        }
        var out = new ArrayList<Insn>();
        for (Pending p : pending) {
            try {
                out.addAll(encode(p, labels));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line %d: %s: %s".formatted(p.line(), p.mnemonic(), e.getMessage()), e);
            }
        }
        return out;
    }

    private static List<Insn> encode(Pending p, Map<String, Integer> labels) {
        String m = p.mnemonic();
        String[] o = p.operands();
        if (m.equals("exit")) return List.of(Asm.exit());
        if (m.equals("call")) return List.of(Asm.call((int) number(o[0])));
        if (m.equals("lddw")) {
            if (o[1].startsWith("map[")) return Asm.loadMap(reg(o[0]), Integer.parseInt(o[1].substring(4, o[1].length() - 1)));
            if (o[1].startsWith("map_value[")) {
                // map_value[N]+OFF: the address of byte OFF of map N's value (BPF_PSEUDO_MAP_VALUE)
                int close = o[1].indexOf(']');
                return Asm.loadMapValue(reg(o[0]), Integer.parseInt(o[1].substring(10, close)), Integer.parseInt(o[1].substring(close + 2)));
            }
            return Asm.lddw(reg(o[0]), number(o[1]));
        }
        if (m.equals("ja") || m.equals("ja32")) {
            int offset = target(o[0], p.pc(), labels);
            return List.of(m.equals("ja") ? Asm.ja(offset) : new Insn(JMP32 | JA, 0, 0, 0, offset));
        }
        boolean is32 = m.endsWith("32");
        String base = is32 ? m.substring(0, m.length() - 2) : m;
        if (JUMPS.containsKey(base)) {
            int cls = is32 ? JMP32 : JMP;
            int offset = target(o[2], p.pc(), labels);
            return List.of(isReg(o[1]) ? new Insn(cls | JUMPS.get(base) | X, reg(o[0]), reg(o[1]), offset, 0)
                    : new Insn(cls | JUMPS.get(base) | K, reg(o[0]), 0, offset, (int) number(o[1])));
        }
        if (base.equals("neg")) return List.of(new Insn((is32 ? ALU : ALU64) | NEG, reg(o[0]), 0, 0, 0));
        if (m.matches("(le|be|bswap)(16|32|64)")) {
            int bits = Integer.parseInt(m.replaceAll("\\D", ""));
            int cls = m.startsWith("bswap") ? ALU64 : ALU;
            int src = m.startsWith("be") ? X : K;
            return List.of(new Insn(cls | END | src, reg(o[0]), 0, 0, bits));
        }
        if (ALU_OPS.containsKey(base)) {
            int cls = is32 ? ALU : ALU64;
            int offset = base.startsWith("s") && !base.equals("sub") ? 1 : 0;
            return List.of(isReg(o[1]) ? new Insn(cls | ALU_OPS.get(base) | X, reg(o[0]), reg(o[1]), offset, 0)
                    : new Insn(cls | ALU_OPS.get(base) | K, reg(o[0]), 0, offset, (int) number(o[1])));
        }
        if (m.startsWith("ldx")) {
            boolean signed = m.startsWith("ldxs");
            int size = SIZES.get(m.substring(signed ? 4 : 3));
            Matcher mem = memory(o[1]);
            return List.of(new Insn(LDX | (signed ? MEMSX : MEM) | size, reg(o[0]), Integer.parseInt(mem.group(1)), offset(mem), 0));
        }
        if (m.startsWith("stx")) {
            Matcher mem = memory(o[0]);
            return List.of(new Insn(STX | MEM | SIZES.get(m.substring(3)), Integer.parseInt(mem.group(1)), reg(o[1]), offset(mem), 0));
        }
        if (m.startsWith("st")) {
            Matcher mem = memory(o[0]);
            return List.of(new Insn(ST | MEM | SIZES.get(m.substring(2)), Integer.parseInt(mem.group(1)), 0, offset(mem), (int) number(o[1])));
        }
        if (m.startsWith("lock ")) {
            String op = m.substring(5).trim();
            boolean fetch = op.startsWith("fetch ");
            if (fetch) op = op.substring(6).trim();
            boolean narrow = op.endsWith("32");
            if (narrow) op = op.substring(0, op.length() - 2);
            int imm = switch (op) {
                case "add" -> ADD;
                case "or" -> OR;
                case "and" -> AND;
                case "xor" -> XOR;
                case "xchg" -> ATOMIC_XCHG;
                case "cmpxchg" -> ATOMIC_CMPXCHG;
                default -> throw new IllegalArgumentException("unknown atomic " + op);
            };
            if (fetch) imm |= ATOMIC_FETCH;
            Matcher mem = memory(o[0]);
            return List.of(new Insn(STX | ATOMIC | (narrow ? W : DW), Integer.parseInt(mem.group(1)), reg(o[1]), offset(mem), imm));
        }
        throw new IllegalArgumentException("unknown mnemonic");
    }

    /** Raw 64-bit words as in a conformance {@code -- raw} section: opcode in the low byte. */
    static List<Insn> decode(String text) {
        var out = new ArrayList<Insn>();
        for (String line : text.split("\n")) {
            line = line.replaceAll("#.*", "").trim();
            if (line.isEmpty()) continue;
            long word = Long.parseUnsignedLong(line.startsWith("0x") ? line.substring(2) : line, 16);
            out.add(new Insn((int) (word & 0xff), (int) (word >>> 8 & 0xf), (int) (word >>> 12 & 0xf),
                    (short) (word >>> 16), (int) (word >>> 32)));
        }
        return out;
    }

    private static Matcher memory(String operand) {
        Matcher m = MEMORY.matcher(operand.replace(" ", ""));
        if (!m.matches()) throw new IllegalArgumentException("bad memory operand " + operand);
        return m;
    }

    private static int offset(Matcher m) {
        return m.group(2) == null ? 0 : (int) number(m.group(2).replace(" ", ""));
    }

    private static int target(String operand, int pc, Map<String, Integer> labels) {
        if (operand.startsWith("+") || operand.startsWith("-")) return (int) number(operand);
        Integer at = labels.get(operand);
        if (at == null) throw new IllegalArgumentException("unknown label " + operand);
        return at - pc - 1;
    }

    private static boolean isReg(String operand) {
        return operand.startsWith("%r");
    }

    private static int reg(String operand) {
        if (!isReg(operand)) throw new IllegalArgumentException("expected a register: " + operand);
        return Integer.parseInt(operand.substring(2));
    }

    static long number(String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) t = t.substring(1);
        long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        return negative ? -v : v;
    }
}

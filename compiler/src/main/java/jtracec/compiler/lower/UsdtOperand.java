package jtracec.compiler.lower;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One usdt argument as sdt.h writes it in {@code .note.stapsdt} on x86-64: {@code SIZE@OPERAND},
 * where SIZE is the byte count, negative for a signed value, and OPERAND an AT&T (GNU as) operand:
 * a constant {@code $5}, a register {@code %edi}, or memory {@code -8(%rbp)},
 * {@code 16(%rsp,%rax,8)}. Registers are named by their pt_regs offset.
 */
sealed interface UsdtOperand {
    /** Bytes of the value (1, 2, 4 or 8). */
    int size();

    boolean isSigned();

    record Constant(long value, int size, boolean isSigned) implements UsdtOperand {}

    /** The low {@code size} bytes of a register. */
    record Register(String name, int ptRegsOffset, int size, boolean isSigned) implements UsdtOperand {}

    /** {@code size} bytes of user memory at base + displacement (+ index * scale). */
    record Memory(int baseOffset, long displacement, Optional<Integer> indexOffset, int scale, int size, boolean isSigned)
            implements UsdtOperand {}

    /** x86-64 pt_regs offsets of every general register name, 64- to 8-bit (bpftrace's arch::offset, widened). */
    Map<String, Integer> PT_REGS = registers();

    private static Map<String, Integer> registers() {
        var table = new java.util.HashMap<String, Integer>();
        Object[][] legacy = {{"ax", 80}, {"bx", 40}, {"cx", 88}, {"dx", 96}};
        for (Object[] r : legacy) {
            String x = (String) r[0];
            int off = (Integer) r[1];
            char letter = x.charAt(0);
            table.put("r" + x, off);
            table.put("e" + x, off);
            table.put(x, off);
            table.put(letter + "l", off);
        }
        Object[][] pointers = {{"si", 104}, {"di", 112}, {"bp", 32}, {"sp", 152}};
        for (Object[] r : pointers) {
            String x = (String) r[0];
            int off = (Integer) r[1];
            table.put("r" + x, off);
            table.put("e" + x, off);
            table.put(x, off);
            table.put(x + "l", off);
        }
        int[] numbered = {72, 64, 56, 48, 24, 16, 8, 0}; // r8..r15
        for (int n = 8; n <= 15; n++) {
            int off = numbered[n - 8];
            for (String suffix : new String[] {"", "d", "w", "b"}) table.put("r" + n + suffix, off);
        }
        table.put("rip", 128);
        return Map.copyOf(table);
    }

    Pattern SPEC = Pattern.compile("(-?)(1|2|4|8)@(.+)");
    Pattern MEMORY = Pattern.compile("(-?(?:0x[0-9a-fA-F]+|[0-9]+))?\\(%(\\w+)(?:,%(\\w+)(?:,(1|2|4|8))?)?\\)");

    /** The operand, or why it cannot be read (an unknown register, a symbol such as {@code counter(%rip)}). */
    static Result parse(String spec) {
        Matcher m = SPEC.matcher(spec.trim());
        if (!m.matches()) return new Result.Unreadable("'%s' is not SIZE@OPERAND".formatted(spec));
        boolean signed = !m.group(1).isEmpty();
        int size = Integer.parseInt(m.group(2));
        String operand = m.group(3);
        if (operand.startsWith("$")) {
            Optional<Long> value = number(operand.substring(1));
            return value.<Result>map(v -> new Result.Read(new Constant(v, size, signed)))
                    .orElseGet(() -> new Result.Unreadable("the constant '%s' is not a number".formatted(operand)));
        }
        if (operand.startsWith("%")) {
            String name = operand.substring(1);
            Integer offset = PT_REGS.get(name);
            if (offset == null) return new Result.Unreadable("register %%%s is not an x86-64 general register".formatted(name));
            return new Result.Read(new Register(name, offset, size, signed));
        }
        Matcher mem = MEMORY.matcher(operand);
        if (!mem.matches()) return new Result.Unreadable("the operand '%s' is not a constant, register or register-based address".formatted(operand));
        long displacement = mem.group(1) == null ? 0 : number(mem.group(1)).orElse(0L);
        Integer base = PT_REGS.get(mem.group(2));
        if (base == null) return new Result.Unreadable("register %%%s is not an x86-64 general register".formatted(mem.group(2)));
        if (mem.group(2).equals("rip")) {
            return new Result.Unreadable("'%s' is relative to the instruction pointer".formatted(operand));
        }
        Optional<Integer> index = Optional.empty();
        if (mem.group(3) != null) {
            Integer found = PT_REGS.get(mem.group(3));
            if (found == null) return new Result.Unreadable("register %%%s is not an x86-64 general register".formatted(mem.group(3)));
            index = Optional.of(found);
        }
        int scale = mem.group(4) == null ? 1 : Integer.parseInt(mem.group(4));
        return new Result.Read(new Memory(base, displacement, index, scale, size, signed));
    }

    private static Optional<Long> number(String text) {
        try {
            boolean negative = text.startsWith("-");
            String digits = negative ? text.substring(1) : text;
            long value = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
            return Optional.of(negative ? -value : value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What parsing found. */
    sealed interface Result {
        record Read(UsdtOperand operand) implements Result {}
        record Unreadable(String reason) implements Result {}
    }
}

package jtracec.compiler.validation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;

/**
 * The raw contexts programs receive, built from field values: a tracepoint record laid out by its
 * format, and x86-64 {@code struct pt_regs} (arch/x86/include/asm/ptrace.h) for kprobes. The
 * evaluator reads values back through {@link #readField} and {@link #argument}, never through the
 * compiler's layouts.
 */
final class ContextLayout {
    /** Offsets in {@code struct pt_regs} of di, si, dx, cx, r8, r9: the x86-64 argument registers. */
    static final int[] ARGUMENT_OFFSETS = {112, 104, 96, 88, 72, 64};
    static final int RETURN_OFFSET = 80;
    static final int PT_REGS_SIZE = 168;

    private final ByteBuffer bytes;

    private ContextLayout(int size) {
        this.bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] tracepoint(TracepointFormat format, Map<String, Scalar> values) {
        int size = format.fields().stream().mapToInt(f -> f.offset() + f.size()).max().orElse(8);
        var layout = new ContextLayout(Math.max(8, size));
        values.forEach((name, value) -> {
            TracepointField field = format.field(name).orElseThrow(() -> new IllegalArgumentException("no field " + name));
            switch (value) {
                case Scalar.Int i -> layout.putInt(field.offset(), field.size(), i.bits());
                case Scalar.Str s -> {
                    byte[] text = s.text().getBytes(StandardCharsets.UTF_8);
                    layout.bytes.put(field.offset(), text, 0, Math.min(text.length, field.size()));
                }
            }
        });
        return layout.bytes.array();
    }

    static byte[] ptRegs(long[] arguments, long returnValue) {
        var layout = new ContextLayout(PT_REGS_SIZE);
        for (int i = 0; i < arguments.length && i < ARGUMENT_OFFSETS.length; i++) {
            layout.bytes.putLong(ARGUMENT_OFFSETS[i], arguments[i]);
        }
        layout.bytes.putLong(RETURN_OFFSET, returnValue);
        return layout.bytes.array();
    }

    private void putInt(int offset, int size, long value) {
        for (int i = 0; i < size; i++) bytes.put(offset + i, (byte) (value >>> (8 * i)));
    }

    /** An integer field, sign- or zero-extended as its format says. */
    static long readInt(byte[] context, TracepointField field) {
        long value = 0;
        for (int i = field.size() - 1; i >= 0; i--) value = value << 8 | (context[field.offset() + i] & 0xff);
        int unused = 64 - 8 * field.size();
        return unused == 0 ? value : field.isSigned() ? value << unused >> unused : value;
    }

    /** A char array field as a string: up to the first NUL or the end of the array. */
    static String readString(byte[] context, TracepointField field) {
        int end = field.offset();
        while (end < field.offset() + field.size() && context[end] != 0) end++;
        return new String(context, field.offset(), end - field.offset(), StandardCharsets.UTF_8);
    }

    static long argument(byte[] context, int index) {
        return ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN).getLong(ARGUMENT_OFFSETS[index]);
    }

    static long returnValue(byte[] context) {
        return ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN).getLong(RETURN_OFFSET);
    }
}

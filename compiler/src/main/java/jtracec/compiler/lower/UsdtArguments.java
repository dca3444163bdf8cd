package jtracec.compiler.lower;

import jtracec.compiler.ir.AluOp;
import jtracec.compiler.ir.Value;
import jtracec.spec.helper.HelperId;
import jtracec.spec.source.SourceSpan;
import jtracec.spec.object.Signedness;

/**
 * Reads a usdt argument where its operand says, as a 64-bit value: a constant, the low bytes of a
 * pt_regs register, or user memory at a register plus displacement (plus index times scale), each
 * sign- or zero-extended from its size, as bpftrace 0.17 reads them.
 */
final class UsdtArguments {
    private final FunctionBuilder fb;

    UsdtArguments(FunctionBuilder fb) {
        this.fb = fb;
    }

    Value read(UsdtOperand operand, SourceSpan span) {
        Signedness signedness = operand.isSigned() ? Signedness.SIGNED : Signedness.UNSIGNED;
        return switch (operand) {
            case UsdtOperand.Constant c -> fb.constant(extend(c.value(), c.size(), c.isSigned()), span);
            case UsdtOperand.Register r -> fb.load(fb.context(), r.ptRegsOffset(), r.size(), signedness, span);
            case UsdtOperand.Memory m -> {
                Value address = fb.plus(fb.load(fb.context(), m.baseOffset(), 8, Signedness.UNSIGNED, span), m.displacement(), span);
                if (m.indexOffset().isPresent()) {
                    Value index = fb.load(fb.context(), m.indexOffset().get(), 8, Signedness.UNSIGNED, span);
                    if (m.scale() != 1) index = fb.alu(AluOp.MUL, index, fb.constant(m.scale(), span), span);
                    address = fb.alu(AluOp.ADD, address, index, span);
                }
                // the helper zeroes the buffer when the read faults, so a bad address reads as 0
                Value buffer = fb.slot(8, span);
                fb.call(HelperId.PROBE_READ_USER, span, buffer, fb.constant(m.size(), span), address);
                yield fb.load(buffer, 0, m.size(), signedness, span);
            }
        };
    }

    /** The constant's low {@code size} bytes, extended to 64 bits. */
    static long extend(long value, int size, boolean isSigned) {
        if (size == 8) return value;
        int bits = 64 - 8 * size;
        return isSigned ? (value << bits) >> bits : (value << bits) >>> bits;
    }
}

package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.MapModel;
import jtracec.spec.interp.Outcome;
import jtracec.spec.interp.Task;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.PrintfSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Translation validation of the address functions: compiled programs run in spec's interpreter on
 * values only known at run time (a tracepoint's {@code ret}), so nothing is folded away, and their
 * records hold what bpftrace 0.17's llvm.bswap and inet layout hold.
 */
class AddressFunctionsSemanticsTest {
    private static final long[] INPUTS = {0, 1, -1, 0x0102030405060708L, 0x8000000000000000L, 0x00ff00ff00ff00ffL, 0x1234, -2};

    private record Compiled(TypedProgram typed, BpfObject object) {}

    private static Compiled compile(String script, CompileOptions.Optimization level) {
        TypedProgram typed = ScriptCompilationTest.typed(script);
        return new Compiled(typed, ScriptCompilationTest.compileChecked(typed, CompileOptions.defaults().withOptimization(level)));
    }

    private static byte[] run(Compiled compiled, long ret) {
        BpfObject object = compiled.object();
        TracepointFormat format = compiled.typed().probes().get(0).points().get(0).tracepoint().orElseThrow();
        var context = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        context.putLong(format.field("ret").orElseThrow().offset(), ret);
        Machine machine = Machine.of(object.maps());
        Outcome outcome = machine.run(object.programs().get(0), Event.of(context.array(), Task.of(1, "x", 0)));
        assertInstanceOf(Outcome.Returned.class, outcome, outcome::toString);
        List<byte[]> records = ((MapModel.RingBufferModel) machine.map(object.eventMap().orElseThrow())).records();
        return records.get(0);
    }

    private static long u64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void bswapReversesTheBytesOfEachWidthAndIsUnsigned(CompileOptions.Optimization level) {
        String script = "tracepoint:syscalls:sys_exit_read { printf(\"%d %d %d %d %d\\n\", bswap((int8)args->ret), "
                + "bswap((int16)args->ret), bswap((uint32)args->ret), bswap(args->ret), bswap(bswap((int16)args->ret))); }";
        Compiled compiled = compile(script, level);
        PrintfSpec printf = compiled.object().printfs().get(0);
        for (long input : INPUTS) {
            byte[] record = run(compiled, input);
            long[] expected = {
                    input & 0xff,
                    Short.toUnsignedLong(Short.reverseBytes((short) input)),
                    Integer.toUnsignedLong(Integer.reverseBytes((int) input)),
                    Long.reverseBytes(input),
                    input & 0xffff};
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], u64(record, printf.args().get(i).offset()), "argument %d of %x".formatted(i, input));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompileOptions.Optimization.class)
    void ntopLaysOutTheFamilyThenTheAddressBytesZeroPadded(CompileOptions.Optimization level) {
        String script = "tracepoint:syscalls:sys_exit_read { printf(\"%s %s %s\\n\", ntop(args->ret), ntop(10, args->ret), "
                + "args->ret > 0 ? ntop(pton(\"fe80::1\")) : ntop(pton(\"10.1.2.3\"))); }";
        Compiled compiled = compile(script, level);
        PrintfSpec printf = compiled.object().printfs().get(0);
        for (long input : new long[] {0x0100007fL, -1}) {
            byte[] record = run(compiled, input);
            byte[] low32 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt((int) input).array();
            assertInet(record, printf.args().get(0).offset(), 2, low32);
            assertInet(record, printf.args().get(1).offset(), 10, low32);
            byte[] literal = input > 0 ? new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
                    : Arrays.copyOf(new byte[] {10, 1, 2, 3}, 16);
            assertInet(record, printf.args().get(2).offset(), input > 0 ? 10 : 2, literal);
        }
    }

    private static void assertInet(byte[] record, int offset, long family, byte[] address) {
        assertEquals(family, u64(record, offset));
        assertArrayEquals(address, Arrays.copyOfRange(record, offset + 8, offset + 24));
    }
}

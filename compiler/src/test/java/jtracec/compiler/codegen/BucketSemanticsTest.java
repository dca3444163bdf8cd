package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.compiler.validation.ReferenceEvaluator;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.Outcome;
import jtracec.spec.interp.Task;
import jtracec.spec.object.BpfObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * hist and lhist buckets, run in spec's interpreter, are bpftrace 0.17's for every input at the
 * edges: for hist each 2^k - 1, 2^k and 2^k + 1 and their negations, 0 and the extremes of a long;
 * for lhist each 2^k and -2^k, 0, the extremes and the neighbours of each bound. The argument is written several ways (a full s64, masked to 8,
 * 16, 32 and 33 bits, divided) so that range folding removes different tests and steps of the
 * bucket code, at every optimisation level. The script keys each bucket by its input
 * ({@code @b[args->ret] = hist(...)}), so one run shows every input's bucket.
 */
class BucketSemanticsTest {
    private record Argument(String text, LongUnaryOperator value) {}

    private static final Argument[] ARGUMENTS = {
        new Argument("args->ret", v -> v),
        new Argument("args->ret & 0xff", v -> v & 0xff),
        new Argument("args->ret & 0xffff", v -> v & 0xffff),
        new Argument("args->ret & 0xffffffff", v -> v & 0xffff_ffffL),
        new Argument("args->ret & 0x1ffffffff", v -> v & 0x1_ffff_ffffL),
        new Argument("args->ret / 1000", v -> Long.divideUnsigned(v, 1000)),
    };

    private record Bounds(long min, long max, long step) {}

    private static final Bounds[] LHIST_BOUNDS = {
        new Bounds(0, 1000, 1), new Bounds(0, 1000, 200), new Bounds(10, 100, 7), new Bounds(5, 6, 1),
        new Bounds(0, 300, 1), new Bounds(1_000_000, 1_000_000_000, 1_000_000),
    };

    @TestFactory
    Stream<DynamicTest> histBucketsAreBpftrace017Log2ForEveryEdgeInput() {
        return Stream.of(CompileOptions.Optimization.values()).flatMap(level -> Stream.of(ARGUMENTS).map(argument ->
                DynamicTest.dynamicTest(level + ": hist(" + argument.text() + ")", () -> assertBuckets(
                        "tracepoint:syscalls:sys_exit_read { @b[args->ret] = hist(" + argument.text() + "); }", level,
                        edgeInputs(), v -> ReferenceEvaluator.log2Bucket(argument.value().applyAsLong(v))))));
    }

    @TestFactory
    Stream<DynamicTest> lhistBucketsAreBpftrace017LinearForEveryEdgeInput() {
        return Stream.of(CompileOptions.Optimization.values()).flatMap(level -> Stream.of(ARGUMENTS).flatMap(argument ->
                Stream.of(LHIST_BOUNDS).map(b -> {
                    String call = "lhist(%s, %d, %d, %d)".formatted(argument.text(), b.min(), b.max(), b.step());
                    return DynamicTest.dynamicTest(level + ": " + call, () -> assertBuckets(
                            "tracepoint:syscalls:sys_exit_read { @b[args->ret] = " + call + "; }", level, edgeInputs(b),
                            v -> ReferenceEvaluator.linearBucket(argument.value().applyAsLong(v), b.min(), b.max(), b.step())));
                })));
    }

    /** Every input is a key of {@code @b}, and the bucket beside it is {@code expected} of the input. */
    private static void assertBuckets(String script, CompileOptions.Optimization level, TreeSet<Long> inputs, LongUnaryOperator expected) {
        TypedProgram typed = ScriptCompilationTest.typed(script);
        BpfObject object = ScriptCompilationTest.compileChecked(typed, CompileOptions.defaults().withOptimization(level));
        Machine machine = Machine.of(object.maps());
        int retOffset = typed.probes().get(0).points().get(0).tracepoint().orElseThrow().field("ret").orElseThrow().offset();
        for (long v : inputs) {
            byte[] context = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(retOffset, v).array();
            Outcome outcome = machine.run(object.programs().get(0), Event.of(context, Task.of(1, "x", 0)));
            assertInstanceOf(Outcome.Returned.class, outcome, outcome::toString);
        }
        var buckets = new HashMap<Long, Long>();
        var model = machine.hashMap(0);
        for (byte[] key : model.keys()) buckets.put(SemanticsTest.u64(key, 0), SemanticsTest.u64(key, key.length - 8));
        var wanted = new HashMap<Long, Long>();
        for (long v : inputs) wanted.put(v, expected.applyAsLong(v));
        for (Map.Entry<Long, Long> e : wanted.entrySet()) {
            assertEquals(e.getValue(), buckets.get(e.getKey()), "bucket of " + e.getKey() + " (0x" + Long.toHexString(e.getKey()) + ")");
        }
        assertEquals(wanted.size(), buckets.size(), "one key per input");
    }

    /** 0, the extremes, and each 2^k - 1, 2^k, 2^k + 1 with its negation. */
    static TreeSet<Long> edgeInputs() {
        var inputs = new TreeSet<Long>(java.util.List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int k = 0; k < 64; k++) {
            for (long delta = -1; delta <= 1; delta++) {
                long v = (1L << k) + delta;
                inputs.add(v);
                inputs.add(-v);
            }
        }
        return inputs;
    }

    /** 0, the extremes, each 2^k and -2^k, and the neighbours of min, max, min + step and max - step. */
    private static TreeSet<Long> edgeInputs(Bounds b) {
        var inputs = new TreeSet<Long>(java.util.List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (int k = 0; k < 64; k++) {
            inputs.add(1L << k);
            inputs.add(-(1L << k));
        }
        for (long at : new long[] {b.min(), b.max(), b.min() + b.step(), b.max() - b.step()}) {
            for (long delta = -2; delta <= 2; delta++) inputs.add(at + delta);
        }
        return inputs;
    }
}

package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Stmt;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.FieldType.StackKind;
import jtracec.spec.object.Signedness;
import org.junit.jupiter.api.Test;

/** Types of builtins and operators, as bpftrace 0.17 gives them (checked with bpftrace -d). */
class TypeRulesTest {
    private static Type valueOf(String body) {
        var program = new SemaFixture("kprobe:vfs_read { @v = " + body + "; }").program();
        var assign = (Stmt.Assign) program.probes().get(0).probe().body().statements().get(0);
        return program.typeOf(assign.value());
    }

    private static Type mapValue(String script, String map) {
        return new SemaFixture(script).program().map(map).valueType();
    }

    @Test
    void processBuiltinsAreUnsigned64Bit() {
        for (String builtin : List.of("pid", "tid", "uid", "gid", "cpu", "nsecs", "elapsed", "rand", "cgroup", "arg0", "arg5")) {
            assertEquals(Type.UINT64, valueOf(builtin), builtin);
        }
    }

    @Test
    void commIsASixteenByteString() {
        assertEquals(new Type.Str(16), valueOf("comm"));
    }

    @Test
    void stringLiteralsAreSizedWithTheirTerminator() {
        assertEquals(new Type.Str(4), valueOf("\"abc\""));
    }

    @Test
    void strIsAlways64BytesEvenWithALength() {
        assertEquals(new Type.Str(64), valueOf("str(arg0)"));
        assertEquals(new Type.Str(64), valueOf("str(arg0, 5)"));
    }

    @Test
    void arithmeticIsUnsignedWhenEitherSideIs() {
        assertEquals(Type.UINT64, valueOf("(int8)1 + (uint8)2"));
        assertEquals(Type.INT64, valueOf("1 + 2"));
        assertEquals(Type.UINT64, valueOf("arg0 * 2"));
    }

    @Test
    void negationKeepsSignedness() {
        assertEquals(Type.UINT64, valueOf("-pid"));
        assertEquals(Type.INT64, valueOf("-1"));
    }

    @Test
    void comparisonsAreSigned64BitButStringComparisonIsUnsigned() {
        assertEquals(Type.INT64, valueOf("1 < 2"));
        assertEquals(Type.UINT64, valueOf("comm == \"bash\""));
    }

    @Test
    void castsGiveTheNamedWidthButMapsStore64Bits() {
        assertEquals(new Type.Int(1, Signedness.UNSIGNED), valueOf("(uint8)arg0"));
        assertEquals(Type.UINT64, mapValue("BEGIN { @x = (uint8)1; }", "x"));
    }

    @Test
    void stacksAndSymbols() {
        assertEquals(new Type.Stack(StackKind.KERNEL, 127), valueOf("kstack"));
        assertEquals(new Type.Stack(StackKind.USER, 5), valueOf("ustack(perf, 5)"));
        assertEquals(new Type.KernelSymbol(), valueOf("ksym(arg0)"));
        assertEquals(new Type.KernelSymbol(), valueOf("func"));
    }

    @Test
    void stringMapsGrowToTheLargestStringStored() {
        assertEquals(new Type.Str(64), mapValue("BEGIN { @s = comm; } END { @s = str(0); }", "s"));
    }

    @Test
    void mapsReadBeforeTheProbeThatWritesThemAreTyped() {
        var program = new SemaFixture("kretprobe:vfs_read /@start[tid]/ { $d = nsecs - @start[tid]; } kprobe:vfs_read { @start[tid] = nsecs; }").program();
        assertEquals(List.of(Type.UINT64), program.map("start").keyTypes());
    }

    @Test
    void aMapWhoseFirstWriteReadsItselfIsUnsigned64BitAsInBpftrace() {
        // bpftrace 0.17 prints @n: 18446744073709551614 for BEGIN { @n = @n - 2; }
        assertEquals(Type.UINT64, mapValue("kprobe:vfs_read { @n[tid] = @n[tid] + 2; }", "n"));
        assertEquals(Type.UINT64, mapValue("tracepoint:syscalls:sys_enter_read { @n[tid] = @n[tid] + 2; }", "n"));
        assertEquals(Type.UINT64, mapValue("BEGIN { @n = @n - 2; }", "n"));
    }

    @Test
    void mapsFirstWrittenFromMapsWrittenLaterAreTyped() {
        var program = new SemaFixture("BEGIN { @a = @b; @b = @c + 1; @c = 1; @d = @e; @e = comm; }").program();
        assertEquals(Type.UINT64, program.map("a").valueType());
        assertEquals(new Type.Str(16), program.map("d").valueType());
    }

    @Test
    void lhistKeepsItsConstantParameters() {
        assertEquals(new Type.Aggregate(Type.AggregateKind.LHIST, Signedness.UNSIGNED, List.of(0L, 100L, 10L)),
                mapValue("kprobe:vfs_read { @h = lhist(arg2, 0, 100, 10); }", "h"));
    }

    @Test
    void positionalParametersAreSubstitutedInAttachPoints() {
        var fixture = new SemaFixture("test.bt", "uprobe:$1:readline { exit(); } interval:$2:1 { exit(); }",
                new SemaOptions(List.of("/bin/bash", "ms"), false));
        var program = fixture.program();
        assertEquals(new AttachPoint.Uprobe("/bin/bash", "readline", 0, AttachPoint.ProbeEnd.ENTRY), program.probes().get(0).points().get(0).point());
        assertEquals(new AttachPoint.Interval(1_000_000L), program.probes().get(1).points().get(0).point());
    }

    @Test
    void tracepointWildcardsExpandToEveryMatchingFormat() {
        var program = new SemaFixture("tracepoint:syscalls:sys_enter_open* { @[probe] = count(); }").program();
        var names = program.probes().get(0).points().stream().map(ConcreteProbe::name).toList();
        assertEquals(true, names.contains("tracepoint:syscalls:sys_enter_openat"), names.toString());
        assertEquals(true, names.stream().allMatch(n -> n.startsWith("tracepoint:syscalls:sys_enter_open")));
    }

    @Test
    void aliasesAreCanonicalInProbeNames() {
        var program = new SemaFixture("k:vfs_read { @[probe] = count(); } t:syscalls:sys_enter_openat { exit(); } i:ms:10 { exit(); }").program();
        assertEquals("kprobe:vfs_read", program.probes().get(0).points().get(0).name());
        assertEquals("tracepoint:syscalls:sys_enter_openat", program.probes().get(1).points().get(0).name());
        assertEquals("interval:ms:10", program.probes().get(2).points().get(0).name());
    }

    @Test
    void perfEventsHaveBpftraceDefaultPeriods() {
        var program = new SemaFixture("software:faults { exit(); } profile:hz:99 { exit(); } hardware:cache-misses:1000 { exit(); }").program();
        assertEquals(new AttachPoint.Software("page-faults", 2, 100), program.probes().get(0).points().get(0).point());
        assertEquals(new AttachPoint.Profile(1_000_000_000L / 99, 99), program.probes().get(1).points().get(0).point());
        assertEquals(new AttachPoint.Hardware("cache-misses", 3, 1000), program.probes().get(2).points().get(0).point());
    }

    @Test
    void everyPrintfArgumentIsTyped() {
        var program = new SemaFixture("kprobe:vfs_read { printf(\"%s %d %x %p\\n\", comm, pid, arg1, arg2); }").program();
        var call = (Expr.Call) ((Stmt.ExprStmt) program.probes().get(0).probe().body().statements().get(0)).expr();
        assertEquals(List.of(new Type.Str(13), new Type.Str(16), Type.UINT64, Type.UINT64, Type.UINT64),
                call.args().stream().map(program::typeOf).toList());
    }
}

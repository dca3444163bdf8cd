package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Stmt;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.Signedness;
import org.junit.jupiter.api.Test;

/** The first scripts the whole pipeline runs end to end are fully typed. */
class WalkingSkeletonTest {
    @Test
    void helloWorldIsABeginProbeWithAPrintf() {
        var program = new SemaFixture("BEGIN { printf(\"hello, %s %d\\n\", \"world\", 42); exit(); }").program();
        TypedProbe probe = program.probes().get(0);
        assertEquals(List.of(new ConcreteProbe("BEGIN", new AttachPoint.Begin(), ProgramType.RAW_TRACEPOINT, Optional.empty(),
                        probe.probe().attachPoints().get(0).span())),
                probe.points());
        var call = (Expr.Call) ((Stmt.ExprStmt) probe.probe().body().statements().get(0)).expr();
        assertEquals(Type.VOID, program.typeOf(call));
        assertEquals(new Type.Str(6), program.typeOf(call.args().get(1)));
        assertEquals(Type.INT64, program.typeOf(call.args().get(2)));
    }

    @Test
    void countByCommOnATracepoint() {
        var program = new SemaFixture("tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } interval:s:1 { exit(); }").program();
        ConcreteProbe point = program.probes().get(0).points().get(0);
        assertEquals(ProgramType.TRACEPOINT, point.programType());
        assertEquals(new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), point.point());
        assertTrue(point.tracepoint().isPresent());
        assertEquals(new AttachPoint.Interval(1_000_000_000L), program.probes().get(1).points().get(0).point());
        assertEquals(ProgramType.PERF_EVENT, program.probes().get(1).points().get(0).programType());
        MapInfo map = program.map("");
        assertEquals(List.of(new Type.Str(16)), map.keyTypes());
        assertEquals(new Type.Aggregate(Type.AggregateKind.COUNT, Signedness.UNSIGNED, List.of()), map.valueType());
    }

    @Test
    void uprobeOnBashReadline() {
        var program = new SemaFixture("uprobe:/bin/bash:readline { @calls = count(); } interval:s:1 { exit(); }").program();
        ConcreteProbe point = program.probes().get(0).points().get(0);
        assertEquals(new AttachPoint.Uprobe("/bin/bash", "readline", 0, AttachPoint.ProbeEnd.ENTRY), point.point());
        assertEquals(ProgramType.KPROBE, point.programType());
        assertEquals("uprobe:/bin/bash:readline", point.name());
    }

    @Test
    void kprobeOnVfsRead() {
        var program = new SemaFixture("kprobe:vfs_read { @reads = count(); }").program();
        assertEquals(new AttachPoint.Kprobe("vfs_read", 0, AttachPoint.ProbeEnd.ENTRY), program.probes().get(0).points().get(0).point());
        assertEquals(List.of(), program.map("reads").keyTypes());
    }

    @Test
    void openatFilenameIsAUserStringPointer() {
        var program = new SemaFixture("tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args->filename)); }").program();
        var printf = (Expr.Call) ((Stmt.ExprStmt) program.probes().get(0).probe().body().statements().get(0)).expr();
        var str = (Expr.Call) printf.args().get(2);
        assertEquals(new Type.Str(64), program.typeOf(str));
        Type filename = program.typeOf(str.args().get(0));
        assertInstanceOf(Type.Pointer.class, filename);
        assertEquals(Type.AddressSpace.USER, ((Type.Pointer) filename).space());
    }

    @Test
    void sumOfReadReturnValuesFilteredByPredicate() {
        var program = new SemaFixture("tracepoint:syscalls:sys_exit_read /args->ret/ { @[comm] = sum(args->ret); }").program();
        assertEquals(new Type.Aggregate(Type.AggregateKind.SUM, Signedness.SIGNED, List.of()), program.map("").valueType());
        Expr predicate = program.probes().get(0).probe().predicate().orElseThrow();
        assertEquals(Type.INT64, program.typeOf(predicate));
    }

    @Test
    void histogramOfReadReturnValues() {
        var program = new SemaFixture("tracepoint:syscalls:sys_exit_read { @[comm] = hist(args->ret); }").program();
        assertEquals(Type.AggregateKind.HIST, ((Type.Aggregate) program.map("").valueType()).kind());
    }

    @Test
    void printAndClearAScalarCount() {
        var program = new SemaFixture("tracepoint:syscalls:sys_enter_openat { @ = count(); } interval:s:1 { print(@); clear(@); }").program();
        assertEquals(1, program.maps().size());
        var print = (Expr.Call) ((Stmt.ExprStmt) program.probes().get(1).probe().body().statements().get(0)).expr();
        assertEquals(Type.VOID, program.typeOf(print));
        assertInstanceOf(Type.Aggregate.class, program.typeOf(print.args().get(0)));
    }
}

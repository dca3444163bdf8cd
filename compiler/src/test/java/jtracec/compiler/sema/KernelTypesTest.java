package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import jtracec.compiler.Frontend;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Stmt;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Kernel struct navigation, casts and enum constants typed from BTF (the hand-built {@link FixtureKernelTypes}). */
class KernelTypesTest {
    private static final Type.Int INT32 = Type.INT32;
    private static final Type.Int UINT16 = new Type.Int(2, Signedness.UNSIGNED);

    private record Checked(TypedProgram program, Diagnostics diags) {
        Expr value(int statement) {
            var assign = (Stmt.Assign) program.probes().get(0).probe().body().statements().get(statement);
            return assign.value();
        }

        Type typeOf(int statement) {
            return program.typeOf(value(statement));
        }

        /** The codes of errors; warnings (a function the snapshot does not list) are not what these tests check. */
        List<String> codes() {
            return diags.all().stream().filter(d -> d.severity() == jtracec.spec.diag.Severity.ERROR).map(d -> d.code().id()).toList();
        }
    }

    private static Checked check(FixtureTarget target, String script) {
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(new SourceFile("t.bt", script), target, SemaOptions.defaults(), diags);
        return new Checked(typed.orElse(null), diags);
    }

    private static Checked check(String script) {
        Checked checked = check(FixtureTarget.snapshot(), script);
        assertTrue(checked.codes().isEmpty(), () -> checked.codes().toString());
        return checked;
    }

    @Test
    void arrowFollowsPointersToPointersAndReadsCharArraysAsStrings() {
        var checked = check("BEGIN { $t = curtask; @pid = $t->real_parent->pid; @comm = $t->real_parent->comm; }");
        assertEquals(INT32, checked.typeOf(1));
        assertEquals(new Type.Str(16), checked.typeOf(2));
        var tgid = check("BEGIN { @x = curtask->tgid; }");
        assertEquals(Optional.of(MemberLayout.whole(4)), tgid.program().memberLayout((Expr.FieldAccess) tgid.value(0)));
    }

    @Test
    void curtaskIsATaskStructPointerWithItsBtfSize() {
        var checked = check("BEGIN { @t = curtask; }");
        assertEquals(new Type.Pointer(new Type.Struct("task_struct", 64), Type.AddressSpace.KERNEL), checked.typeOf(0));
    }

    @Test
    void anonymousUnionsAndStructsAreFlattenedWithTheirOffsetsAdded() {
        var checked = check("kprobe:vfs_read { $sk = (struct sock *)arg0; @f = $sk->__sk_common.skc_family; @n = $sk->__sk_common.skc_num; }");
        assertEquals(UINT16, checked.typeOf(1));
        var family = (Expr.FieldAccess) checked.value(1);
        var number = (Expr.FieldAccess) checked.value(2);
        assertEquals(Optional.of(MemberLayout.whole(4)), checked.program().memberLayout(family));
        assertEquals(Optional.of(MemberLayout.whole(6)), checked.program().memberLayout(number));
        // the struct-valued member is navigated, not read: its own layout is where the chain starts
        assertEquals(Optional.of(MemberLayout.whole(0)), checked.program().memberLayout((Expr.FieldAccess) family.base()));
    }

    @Test
    void bitfieldsCarryTheirShiftAndWidth() {
        var checked = check("BEGIN { @e = curtask->in_execve; @s = curtask->sched_class_bits; }");
        assertEquals(Optional.of(new MemberLayout(32, 3, 1, 1)), checked.program().memberLayout((Expr.FieldAccess) checked.value(0)));
        assertEquals(Optional.of(new MemberLayout(32, 4, 6, 2)), checked.program().memberLayout((Expr.FieldAccess) checked.value(1)));
    }

    @Test
    void nonCharByteArraysAreArraysAndIndexToTheirElement() {
        var checked = check("kprobe:vfs_read { $sk = (struct sock *)arg0; @a = $sk->__sk_common.skc_v6_daddr[3]; }");
        assertEquals(new Type.Int(1, Signedness.UNSIGNED), checked.typeOf(1));
    }

    @Test
    void enumConstantsAreIntegersWithTheirBtfValue() {
        var checked = check("kprobe:vfs_read { @s = TCP_FIN_WAIT1; }");
        assertEquals(Type.INT64, checked.typeOf(0));
        assertEquals(Optional.of(4L), checked.program().constant((Expr.Builtin) checked.value(0)));
    }

    @Test
    void aForwardDeclaredStructIsNavigableOnlyWhenBtfDefinesIt() {
        var checked = check(FixtureTarget.snapshot(), "kprobe:vfs_open { @d = ((struct path *)arg0)->dentry->d_name; }");
        assertEquals(List.of("E0224"), checked.codes());
    }

    @Test
    void aStructDeclaredInTheScriptTakesPrecedenceOverTheKernels() {
        var checked = check("struct sock { long first; int second; } kprobe:vfs_read { @x = ((struct sock *)arg0)->second; }");
        assertEquals(INT32, checked.typeOf(0));
        assertEquals(Optional.of(MemberLayout.whole(8)), checked.program().memberLayout((Expr.FieldAccess) checked.value(0)));
    }

    @Test
    void anUnknownFieldNamesTheStructAndItsFields() {
        var checked = check(FixtureTarget.snapshot(), "kprobe:vfs_read { @x = ((struct sock *)arg0)->sk_nope; }");
        assertEquals(List.of("E0215"), checked.codes());
        var diagnostic = checked.diags().all().get(0);
        assertTrue(diagnostic.message().contains("struct sock"), diagnostic.message());
        assertTrue(diagnostic.help().orElse("").contains("sk_ack_backlog"), diagnostic.help().toString());
    }

    @Test
    void withoutBtfKernelStructsAreUnknown() {
        var checked = check(FixtureTarget.snapshot().withKernelTypes(Optional.empty()),
                "kprobe:vfs_read { @x = ((struct sock *)arg0)->sk_ack_backlog; }");
        assertEquals(List.of("E0224"), checked.codes());
        assertTrue(checked.diags().all().get(0).message().contains("no BTF"), checked.diags().all().get(0).message());
    }

    @Test
    void scriptsWithoutKernelTypesDoNotDecodeBtf() {
        var target = FixtureTarget.snapshot();
        var diags = new Diagnostics();
        new Frontend().analyse(new SourceFile("t.bt", "kprobe:vfs_read { @[comm] = count(); }"), target, SemaOptions.defaults(), diags);
        assertTrue(diags.all().isEmpty());
        assertEquals(0, target.kernelTypeRequests());
        assertFalse(target.kernelTypes().isEmpty());
    }

    @Test
    void kfuncArgumentsAndRetvalAreTypedAndPlacedByTheBtfSignature() {
        var entry = check("kfunc:tcp_sendmsg { @s = args->size; @f = args->sk->__sk_common.skc_family; }");
        assertEquals(Type.INT64, entry.typeOf(0));
        assertEquals(UINT16, entry.typeOf(1));
        assertEquals(Optional.of(MemberLayout.whole(8)), entry.program().memberLayout((Expr.FieldAccess) entry.value(0)));
        var exit = check("kretfunc:tcp_sendmsg { @r = retval; }");
        assertEquals(INT32, exit.typeOf(0));
        assertEquals(Optional.of(MemberLayout.whole(16)), exit.program().returnValueLayout((Expr.Builtin) exit.value(0)));
    }

    @Test
    void anUnknownKfunctionArgumentIsAnErrorListingTheArguments() {
        var checked = check(FixtureTarget.snapshot(), "kfunc:tcp_sendmsg { @x = args->len; }");
        assertEquals(List.of("E0215"), checked.codes());
        assertEquals(Optional.of("its arguments are sk, size"), checked.diags().all().stream()
                .filter(d -> d.code().id().equals("E0215")).findFirst().orElseThrow().help());
    }
}

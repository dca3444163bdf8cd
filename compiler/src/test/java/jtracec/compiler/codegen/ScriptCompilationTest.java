package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.IrVerifier;
import jtracec.compiler.lower.Lowering;
import jtracec.compiler.sema.FixtureTarget;
import jtracec.compiler.sema.SemaOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The walking-skeleton scripts and one script per back-end feature compile at every optimisation
 * level, with the IR verified after lowering and after every pass. Whether the kernel loads what
 * they compile to is checked through the whole pipeline in cli's {@code KernelAcceptanceTest}.
 */
class ScriptCompilationTest {
    static final List<String> SCRIPTS = List.of(
            "BEGIN { printf(\"hello, %s %d\\n\", \"world\", 42); exit(); }",
            "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } interval:s:1 { exit(); }",
            "kprobe:vfs_read { @calls = count(); }",
            "uprobe:/bin/bash:readline { @calls = count(); }",
            "tracepoint:syscalls:sys_exit_read { @bytes = sum(args->ret); @h = hist(args->ret); }",
            "tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @[comm] = sum(args->ret); } END { print(@); clear(@); }",
            "tracepoint:syscalls:sys_enter_openat { printf(\"%d %s %s\\n\", pid, comm, str(args->filename)); }",
            "kretprobe:vfs_read { @[retval > 0 ? \"ok\" : \"err\"] = count(); }",
            "kprobe:vfs_read { $x = arg2; if ($x > 100) { @big[tid] = $x; } else { @small = count(); } }",
            "BEGIN { $i = 0; while ($i < 10) { $i++; } printf(\"%d\\n\", $i); exit(); }",
            "tracepoint:sched:sched_switch { @[args->prev_comm] = count(); }",
            "kprobe:do_nanosleep { @start[tid] = nsecs; } "
                    + "kretprobe:do_nanosleep /@start[tid]/ { @ns = hist(nsecs - @start[tid]); delete(@start[tid]); }",
            "BEGIN { @x = 1; @y = @x * 3 / 2; printf(\"%d %d\\n\", @y, 7 % @x); }",
            "kprobe:vfs_read { @l = lhist(arg2, 0, 4096, 512); @mn = min(arg2); @mx = max(arg2); @a = avg(arg2); @s = stats(arg2); }",
            "tracepoint:syscalls:sys_enter_openat /comm == \"bash\"/ { printf(\"%s %d %d\\n\", comm, uid, cpu); }",
            "kprobe:vfs_read { unroll(4) { @u[cpu] = count(); } $s = comm; @names[$s, pid] = count(); }",
            "kprobe:vfs_read { @[kstack] = count(); @u[ustack(5), comm] = count(); printf(\"%s\\n\", kstack(3)); }",
            "kprobe:vfs_read { @f[func] = count(); @last = kstack; }",
            "kprobe:vfs_read { $t = (arg2, comm, (int32)-1); @k[$t.1, pid] = ($t.0, $t.2); @c[(1, comm)] = count(); printf(\"%s %d\\n\", $t.1, $t.0); }",
            "tracepoint:syscalls:sys_exit_read { @bytes = sum(args->ret); }",
            "tracepoint:syscalls:sys_exit_read { @h = hist(args->ret); }",
            "kprobe:vfs_read { @c[(uint8)arg2, (int16)arg1] = count(); $v = (uint32)-1; if ($v > 0) { printf(\"%s\\n\", probe); } }");

    @TestFactory
    Stream<DynamicTest> skeletonScriptsCompileWithValidIrAfterEveryPass() {
        return SkeletonScripts.all().entrySet().stream().flatMap(e -> Stream.of(CompileOptions.Optimization.values())
                .map(level -> DynamicTest.dynamicTest(e.getKey() + " at " + level,
                        () -> compileChecked(e.getValue(), CompileOptions.defaults().withOptimization(level)))));
    }

    @TestFactory
    Stream<DynamicTest> scriptsCompileWithValidIrAfterEveryPass() {
        return SCRIPTS.stream().flatMap(script -> Stream.of(CompileOptions.Optimization.values())
                .map(level -> DynamicTest.dynamicTest(level + ": " + script,
                        () -> compileChecked(typed(script), CompileOptions.defaults().withOptimization(level)))));
    }

    /** Compiles, running the IR verifier after lowering and after every pass. */
    static BpfObject compileChecked(TypedProgram program, CompileOptions options) {
        var diags = new Diagnostics();
        Optional<IrModule> lowered = new Lowering(options.mapEntries(), options.eventBufferBytes()).lower(program, diags);
        if (lowered.isEmpty()) fail("lowering failed: " + diags.all());
        IrModule module = lowered.get();
        IrVerifier.check(module);
        for (IrPass pass : Compiler.passes(options)) {
            module = pass.run(module);
            IrVerifier.check(module);
        }
        Optional<BpfObject> object = new CodeGenerator().generate(module, diags);
        if (object.isEmpty()) fail("codegen failed: " + diags.all());
        return object.get();
    }

    /** The script through the real front end; a script it cannot type yet is skipped with its diagnostics printed. */
    static TypedProgram typed(String script) {
        var diags = new Diagnostics();
        Optional<TypedProgram> typed = new Frontend().analyse(new SourceFile("test.bt", script),
                FixtureTarget.machineOrSnapshot(), SemaOptions.defaults(), diags);
        if (typed.isEmpty()) System.out.println("front end rejects " + script + ": " + diags.all());
        assumeTrue(typed.isPresent(), "front end rejects the script");
        return typed.get();
    }
}

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

    @TestFactory
    Stream<DynamicTest> skeletonScriptsCompileWithValidIrAfterEveryPass() {
        return SkeletonScripts.all().entrySet().stream().flatMap(e -> Stream.of(CompileOptions.Optimization.values())
                .map(level -> DynamicTest.dynamicTest(e.getKey() + " at " + level,
                        () -> compileChecked(e.getValue(), CompileOptions.defaults().withOptimization(level)))));
    }

    @TestFactory
    Stream<DynamicTest> scriptsCompileWithValidIrAfterEveryPass() {
        return BackEndScripts.ONE_LINERS.stream().flatMap(script -> Stream.of(CompileOptions.Optimization.values())
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

package jtracec.compiler.codegen;

import static jtracec.compiler.lower.TestScripts.*;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.IrVerifier;
import jtracec.compiler.lower.Lowering;
import jtracec.compiler.lower.TestScripts;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.object.BpfObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The walking-skeleton scripts compile, at every optimisation level, to programs the running kernel loads. */
class SkeletonKernelTest {
    @TestFactory
    Stream<DynamicTest> skeletonScriptsLoadIntoTheKernel() {
        return SkeletonScripts.all().entrySet().stream().flatMap(e -> Stream.of(CompileOptions.Optimization.values())
                .map(level -> DynamicTest.dynamicTest(e.getKey() + " at " + level, () -> {
                    BpfObject object = compileChecked(e.getValue(), CompileOptions.defaults().withOptimization(level));
                    var result = KernelVerifier.load(object);
                    System.out.println(e.getKey() + " " + level + ": " + result.output().strip());
                    assertTrue(result.isAccepted(), result.output());
                })));
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
}

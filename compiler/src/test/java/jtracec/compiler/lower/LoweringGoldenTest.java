package jtracec.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.codegen.SkeletonScripts;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.IrPrinter;
import jtracec.compiler.ir.IrVerifier;
import jtracec.spec.diag.Diagnostics;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The IR of each skeleton script, before and after the optimisation pipeline, matches
 * {@code golden/ir/<case>.ir}; {@code -Djtracec.golden.update=true} rewrites the files.
 */
class LoweringGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/ir");

    @TestFactory
    Stream<DynamicTest> loweredIrMatchesGoldenFiles() {
        return SkeletonScripts.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            var diags = new Diagnostics();
            var options = CompileOptions.defaults();
            IrModule module = new Lowering(options.mapEntries(), options.eventBufferBytes()).lower(e.getValue(), diags)
                    .orElseGet(() -> fail(diags.all().toString()));
            IrVerifier.check(module);
            var text = new StringBuilder("; lowered\n").append(new IrPrinter().print(module));
            for (IrPass pass : Compiler.passes(options)) {
                module = pass.run(module);
                IrVerifier.check(module);
            }
            text.append("\n; optimised\n").append(new IrPrinter().print(module));
            check(e.getKey() + ".ir", text.toString());
        }));
    }

    static void check(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("jtracec.golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return;
        }
        assertEquals(Files.readString(file), actual, "golden file " + file + " differs");
    }
}

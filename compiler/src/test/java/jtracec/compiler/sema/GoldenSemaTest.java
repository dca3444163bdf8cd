package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jtracec.compiler.Frontend;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code golden/sema/<case>.bt} analysed against the snapshot Target prints as {@code <case>.types}
 * ({@code -Djtracec.golden.update=true} rewrites).
 */
class GoldenSemaTest {
    private static final Path CASES = Path.of("src/test/resources/golden/sema");

    @TestFactory
    Stream<DynamicTest> eachScriptTypesAsItsGolden() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
        return cases.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            var source = new SourceFile(path.getFileName().toString(), Files.readString(path));
            var diags = new Diagnostics();
            var typed = new Frontend().analyse(source, FixtureTarget.snapshot(), new SemaOptions(List.of("42", "hello"), false), diags);
            var renderer = new DiagnosticRenderer(List.of(source));
            String printed = diags.all().stream().map(renderer::render).reduce("", String::concat)
                    + typed.map(p -> new TypedProgramPrinter().print(p)).orElse("");
            Path golden = Path.of(path.toString().replaceFirst("\\.bt$", ".types"));
            if (Boolean.getBoolean("jtracec.golden.update") || !Files.exists(golden)) Files.writeString(golden, printed);
            assertEquals(Files.readString(golden), printed);
        }));
    }
}

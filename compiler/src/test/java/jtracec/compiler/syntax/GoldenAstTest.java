package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code golden/syntax/<case>.bt} prints as {@code <case>.ast} ({@code -Djtracec.golden.update=true} rewrites). */
class GoldenAstTest {
    private static final Path CASES = Path.of("src/test/resources/golden/syntax");

    @TestFactory
    Stream<DynamicTest> eachScriptPrintsAsItsGoldenAst() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
        return cases.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            var diags = new Diagnostics();
            var program = new ScriptParser(Set.of(ScriptParser.HAVE_BTF))
                    .parse(new SourceFile(path.getFileName().toString(), Files.readString(path)), diags);
            String printed = program.map(p -> new AstPrinter().print(p)).orElse(diags.all().toString());
            Path golden = Path.of(path.toString().replaceFirst("\\.bt$", ".ast"));
            if (Boolean.getBoolean("jtracec.golden.update") || !Files.exists(golden)) Files.writeString(golden, printed);
            assertEquals(Files.readString(golden), printed);
        }));
    }
}

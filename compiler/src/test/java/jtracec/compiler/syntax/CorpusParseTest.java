package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jtracec.compiler.ast.Program;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Every tool script shipped with bpftrace 0.17 parses, and its AST prints back to itself. */
class CorpusParseTest {
    static Path shared() {
        return Path.of(System.getProperty("jtracec.shared", "../../shared"));
    }

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(shared().resolve("corpus/bpftrace-v0.17-tools"))) {
            return files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
    }

    @Test
    void everyCorpusScriptParsesWithAndWithoutBtf() throws IOException {
        var failures = new ArrayList<String>();
        List<Path> scripts = corpus();
        for (Set<String> defines : List.of(Set.of(ScriptParser.HAVE_BTF), Set.<String>of())) {
            for (Path script : scripts) {
                var source = new SourceFile(script.getFileName().toString(), Files.readString(script));
                var diags = new Diagnostics();
                var program = new ScriptParser(defines).parse(source, diags);
                if (program.isEmpty()) {
                    var renderer = new DiagnosticRenderer(List.of(source));
                    failures.add(diags.all().stream().map(renderer::render).reduce("", String::concat));
                }
            }
        }
        System.out.printf("corpus: %d scripts, %d parse failures (with and without BTF)%n", scripts.size(), failures.size());
        assertTrue(scripts.size() >= 30, "corpus not found under " + shared());
        assertEquals(List.of(), failures);
    }

    @Test
    void printedCorpusParsesBackToTheSameTree() throws IOException {
        var printer = new AstPrinter();
        for (Path script : corpus()) {
            var source = new SourceFile(script.getFileName().toString(), Files.readString(script));
            Program first = new ScriptParser(Set.of(ScriptParser.HAVE_BTF)).parse(source, new Diagnostics()).orElseThrow();
            String printed = printer.print(first);
            var diags = new Diagnostics();
            var again = new ScriptParser(Set.of()).parse(new SourceFile("printed-" + source.name(), printed), diags);
            assertTrue(again.isPresent(), () -> script + " printed as\n" + printed + "\n" + diags.all());
            assertEquals(printed, printer.print(again.get()), script.toString());
        }
    }
}

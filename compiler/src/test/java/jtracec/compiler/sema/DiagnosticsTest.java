package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jtracec.compiler.Frontend;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Invalid scripts under {@code src/test/resources/diagnostics}: each marks the line of every
 * expected diagnostic with {@code //~ error[E0204]@12} (severity, code, and the column of the
 * primary span). The front end must report exactly those; the rendering is kept next to the
 * script in a {@code .out} file ({@code -Djtracec.golden.update=true} rewrites it).
 */
class DiagnosticsTest {
    private static final Path CASES = Path.of("src/test/resources/diagnostics");
    private static final Pattern MARKER = Pattern.compile("//~ (error|warning)\\[(\\w+)\\](?:@(\\d+))?");
    private static final boolean UPDATE = Boolean.getBoolean("jtracec.golden.update");

    static List<Path> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachScriptReportsExactlyItsMarkedDiagnostics() throws IOException {
        return cases().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> check(path)));
    }

    @Test
    void thereAreManyCases() throws IOException {
        System.out.printf("diagnostics: %d cases%n", cases().size());
        assertTrue(cases().size() >= 30);
    }

    private static void check(Path path) throws IOException {
        String text = Files.readString(path);
        var source = new SourceFile(path.getFileName().toString(), text);
        var expected = new TreeSet<String>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            while (m.find()) {
                expected.add("%s[%s] at %d:%s".formatted(m.group(1), m.group(2), i + 1, m.group(3) == null ? "*" : m.group(3)));
            }
        }
        var diags = new Diagnostics();
        new Frontend().analyse(source, FixtureTarget.snapshot(), SemaOptions.defaults(), diags);
        Set<String> actual = new TreeSet<>();
        for (var d : diags.all()) {
            String withColumn = "%s[%s] at %d:%d".formatted(d.severity().label(), d.code().id(), d.span().line(), d.span().column());
            String anyColumn = "%s[%s] at %d:*".formatted(d.severity().label(), d.code().id(), d.span().line());
            actual.add(expected.contains(anyColumn) ? anyColumn : withColumn);
        }
        var renderer = new DiagnosticRenderer(List.of(source));
        String rendered = diags.all().stream().map(renderer::render).reduce("", String::concat);
        assertEquals(expected, actual, rendered);
        Path out = Path.of(path.toString().replaceFirst("\\.bt$", ".out"));
        if (UPDATE || !Files.exists(out)) {
            Files.writeString(out, rendered);
        } else {
            assertEquals(Files.readString(out), rendered, "rendering of " + path);
        }
    }
}

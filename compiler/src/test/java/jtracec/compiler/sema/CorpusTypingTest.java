package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jtracec.compiler.Frontend;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * How much of the bpftrace 0.17 tool corpus and of the guide's one-liners is fully typed. Scripts
 * that reach into kernel structs need BTF, which the Target does not offer yet; the test lists
 * every script that does not type, with its first error, and guards the count against regressions.
 */
class CorpusTypingTest {
    private static final int CORPUS_BASELINE = 24;
    private static final int GUIDE_BASELINE = 111;
    private static final Pattern ONE_LINER = Pattern.compile("bpftrace(?:\\s+[-\\w]+)*?\\s+-e\\s+'([^']*)'");

    static Path shared() {
        return Path.of(System.getProperty("jtracec.shared", "../../shared"));
    }

    @Test
    void corpusScriptsTypeAgainstTheFixtureTarget() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(shared().resolve("corpus/bpftrace-v0.17-tools"))) {
            scripts = files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
        var failures = new TreeMap<String, String>();
        for (Path script : scripts) {
            var source = new SourceFile(script.getFileName().toString(), Files.readString(script));
            firstError(source).ifPresent(d -> failures.put(source.name(), describe(d)));
        }
        report("corpus", scripts.size(), failures);
        assertTrue(scripts.size() - failures.size() >= CORPUS_BASELINE);
    }

    @Test
    void guideOneLinersTypeAgainstTheFixtureTarget() throws IOException {
        String guide = Files.readString(shared().resolve("reference/bpftrace-v0.17-reference_guide.md"));
        Matcher m = ONE_LINER.matcher(guide);
        var failures = new TreeMap<String, String>();
        int count = 0;
        while (m.find()) {
            count++;
            var source = new SourceFile("guide-" + count, m.group(1).replace("\\\n", "\n"));
            int number = count;
            firstError(source).ifPresent(d -> failures.put("guide-%03d %s".formatted(number, source.text().lines().findFirst().orElse("")), describe(d)));
        }
        report("guide one-liners", count, failures);
        assertTrue(count - failures.size() >= GUIDE_BASELINE);
    }

    private static java.util.Optional<Diagnostic> firstError(SourceFile source) {
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(source, SemaFixture.TARGET, new SemaOptions(List.of("1", "2"), true), diags);
        if (typed.isPresent()) return java.util.Optional.empty();
        return diags.all().stream().filter(Diagnostic::isError).findFirst();
    }

    private static String describe(Diagnostic d) {
        return "%s:%d:%d %s %s".formatted(d.span().file(), d.span().line(), d.span().column(), d.code().id(), d.message());
    }

    private static void report(String what, int total, TreeMap<String, String> failures) {
        System.out.printf("%s: %d scripts, %d typed, %d not typed%n", what, total, total - failures.size(), failures.size());
        var lines = new ArrayList<String>();
        failures.forEach((name, reason) -> lines.add("  " + name + ": " + reason));
        lines.forEach(System.out::println);
    }
}

package jtracec.compiler.sema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jtracec.compiler.Frontend;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * A small deterministic fuzzer: corpus scripts with characters deleted, duplicated or replaced
 * never make the front end throw, and every diagnostic renders (its span lies in the file).
 */
class MutatedScriptsTest {
    private static final String ALPHABET = "{}()[]/*;,:\"'$@#-+<>=!&|^~?.\\ \n0x1a_";

    @Test
    void mutatedCorpusScriptsNeverCrashTheFrontEnd() throws IOException {
        List<String> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(CorpusTypingTest.shared().resolve("corpus/bpftrace-v0.17-tools"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".bt")).sorted().toList()) scripts.add(Files.readString(p));
        }
        var random = new Random(20261122);
        for (int i = 0; i < 300; i++) {
            String text = scripts.get(random.nextInt(scripts.size()));
            var mutated = new StringBuilder(text);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(mutated.length());
                switch (random.nextInt(3)) {
                    case 0 -> mutated.deleteCharAt(at);
                    case 1 -> mutated.insert(at, mutated.charAt(at));
                    default -> mutated.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            var source = new SourceFile("mutant-" + i + ".bt", mutated.toString());
            var diags = new Diagnostics();
            try {
                new Frontend().analyse(source, SemaFixture.TARGET, SemaOptions.defaults(), diags);
                var renderer = new DiagnosticRenderer(List.of(source));
                diags.all().forEach(renderer::render);
            } catch (RuntimeException e) {
                throw new AssertionError("front end threw on mutant " + i + ":\n" + mutated, e);
            }
        }
    }
}

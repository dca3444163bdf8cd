package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Every {@code bpftrace -e '...'} one-liner of the reference guide parses, except those bpftrace rejects too. */
class GuideOneLinerTest {
    /** One-liners the guide misquotes: bpftrace 0.17 rejects them too (checked with bpftrace -d). */
    private static final Set<String> REJECTED_BY_BPFTRACE = Set.of(
            "uprobe:/bin/bash:main+1 { printf(\"in here\\n\"); } --unsafe");
    private static final Pattern ONE_LINER = Pattern.compile("bpftrace(?:\\s+[-\\w]+)*?\\s+-e\\s+'([^']*)'");

    static List<String> oneLiners() throws IOException {
        String guide = Files.readString(CorpusParseTest.shared().resolve("reference/bpftrace-v0.17-reference_guide.md"));
        var out = new ArrayList<String>();
        Matcher m = ONE_LINER.matcher(guide);
        while (m.find()) out.add(m.group(1).replace("\\\n", "\n"));
        return out;
    }

    @Test
    void everyOneLinerOfTheGuideParses() throws IOException {
        List<String> oneLiners = oneLiners();
        var failures = new ArrayList<String>();
        for (int i = 0; i < oneLiners.size(); i++) {
            var source = new SourceFile("guide-" + (i + 1), oneLiners.get(i));
            var diags = new Diagnostics();
            boolean parsed = new ScriptParser(Set.of(ScriptParser.HAVE_BTF)).parse(source, diags).isPresent();
            if (parsed == REJECTED_BY_BPFTRACE.contains(oneLiners.get(i))) {
                var renderer = new DiagnosticRenderer(List.of(source));
                failures.add(diags.all().stream().map(renderer::render).reduce("", String::concat));
            }
        }
        System.out.printf("guide: %d one-liners, %d parse as bpftrace does, %d failures%n", oneLiners.size(),
                oneLiners.size() - failures.size(), failures.size());
        assertTrue(oneLiners.size() >= 100, "guide not found or one-liners not extracted");
        assertEquals(List.of(), failures);
    }
}

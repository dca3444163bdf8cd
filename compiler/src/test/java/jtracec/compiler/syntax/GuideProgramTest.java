package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * Every program block of the reference guide parses: the files it shows with {@code # cat x.bt}
 * (line numbers of {@code cat -n} removed) and the executable scripts that start with {@code #!}.
 * The one-liners are {@link GuideOneLinerTest}'s.
 */
class GuideProgramTest {
    record GuideProgram(String name, String text) {}

    static List<GuideProgram> programs() throws IOException {
        var lines = Files.readString(CorpusParseTest.shared().resolve("reference/bpftrace-v0.17-reference_guide.md")).lines().toList();
        var programs = new ArrayList<GuideProgram>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) continue;
            boolean numbered = line.matches("# cat -n \\S+\\.bt");
            if (line.matches("# cat (-n )?\\S+\\.bt") || line.startsWith("#!/usr/local/bin/bpftrace")) {
                String name = line.startsWith("#!") ? "guide line " + (i + 1) : line.substring(line.lastIndexOf(' ') + 1) + " (guide line " + (i + 1) + ")";
                var text = new StringBuilder();
                // a shell prompt or the end of the block ends the file
                for (int j = line.startsWith("#!") ? i : i + 1; j < lines.size() && !lines.get(j).startsWith("```")
                        && (j == i || !lines.get(j).startsWith("# ")); j++) {
                    text.append(numbered ? lines.get(j).replaceFirst("^\\s*\\d+ ?", "") : lines.get(j)).append('\n');
                }
                programs.add(new GuideProgram(name, text.toString()));
            }
        }
        return programs;
    }

    @Test
    void everyProgramOfTheGuideParses() throws IOException {
        var programs = programs();
        var failures = new ArrayList<String>();
        for (var program : programs) {
            var source = new SourceFile(program.name(), program.text());
            var diags = new Diagnostics();
            if (new ScriptParser(Set.of(ScriptParser.HAVE_BTF)).parse(source, diags).isEmpty()) {
                var renderer = new DiagnosticRenderer(List.of(source));
                failures.add(diags.all().stream().map(renderer::render).reduce(program.name() + ":\n", String::concat));
            }
        }
        System.out.printf("guide: %d program blocks, %d parse%n", programs.size(), programs.size() - failures.size());
        assertTrue(programs.size() >= 6, "program blocks not extracted: " + programs.size());
        assertEquals(List.of(), failures);
    }
}

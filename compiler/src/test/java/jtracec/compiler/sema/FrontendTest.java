package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jtracec.compiler.Frontend;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;

/** The public front-end API: a result only without errors, and mistakes as diagnostics, never exceptions. */
class FrontendTest {
    @Test
    void analyseReturnsNothingWhenThereIsAnError() {
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(new SourceFile("t.bt", "BEGIN { printf(\"%s\\n\", 1); }"),
                SemaFixture.TARGET, SemaOptions.defaults(), diags);
        assertTrue(typed.isEmpty());
        assertEquals(List.of("E0211"), diags.all().stream().map(d -> d.code().id()).toList());
    }

    @Test
    void warningsDoNotStopAnalysis() {
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(new SourceFile("t.bt", "BEGIN { @x = 1 / 0; exit(); }"),
                SemaFixture.TARGET, SemaOptions.defaults(), diags);
        assertTrue(typed.isPresent());
        assertEquals(List.of("W0233"), diags.all().stream().map(d -> d.code().id()).toList());
    }

    @Test
    void parseGivesTheProgramWithoutATarget() {
        var diags = new Diagnostics();
        var program = new Frontend().parse(new SourceFile("t.bt", "kprobe:nosuchfunction { @x = nosuchbuiltin; }"), diags);
        assertTrue(program.isPresent());
        assertTrue(diags.all().isEmpty());
    }

    @Test
    void garbageNeverThrows() {
        for (String text : List.of("", "}", "{", "/", "BEGIN {", "BEGIN { $x = (1, ; }", "#if\n", "kprobe:f /", "\"", "struct",
                "BEGIN { @[ }", "BEGIN { (uint8) }", "BEGIN { 1 ? : 2; }", "i:s:1 { print(@x, ); }", "BEGIN { $t.x = 1; }")) {
            var diags = new Diagnostics();
            var typed = new Frontend().analyse(new SourceFile("t.bt", text), SemaFixture.TARGET, SemaOptions.defaults(), diags);
            assertTrue(typed.isEmpty(), text);
            assertTrue(diags.hasErrors(), text);
        }
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.loader.Loader;
import jtracec.loader.SessionOutput;
import jtracec.loader.TraceSession;
import jtracec.loader.print.OutputFormat;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;

/** Events a full ring buffer drops are counted by the programs and reported, never lost silently. */
class LostEventsTest {
    @Test
    void eventsThatDoNotFitTheRingAreReportedAsLost() {
        KernelRequirement.require();
        var target = new LiveTarget();
        var diags = new Diagnostics();
        // BEGIN probes run before anything drains the ring: 100 events of 80 bytes cannot all fit in one page
        var source = new SourceFile("lost.bt", "BEGIN { unroll(5) { printf(\"%s %s %s %s\\n\", comm, comm, comm, comm); } }\n".repeat(20)
                + "BEGIN { exit(); }");
        var typed = new Frontend().analyse(source, target, SemaOptions.defaults(), diags).orElseThrow();
        var options = new CompileOptions(CompileOptions.Optimization.DEFAULT, 4096, 4096);
        var object = new Compiler().compile(typed, options, diags).orElseThrow(() -> new AssertionError(diags.all()));
        var verified = new Verifier(VerifierOptions.defaults()).verify(object, target).verified().orElseThrow();
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        long lost;
        try (TraceSession session = new Loader(target).load(verified, new SessionOutput(out, OutputFormat.TEXT, SessionOutput.Verbosity.NORMAL))) {
            session.run(Optional.of(Duration.ofSeconds(2)));
            lost = session.lostEvents();
        }

        String text = bytes.toString(StandardCharsets.UTF_8);
        long printed = text.lines().filter(line -> line.contains(" ") && !line.startsWith("Attaching") && !line.startsWith("Lost")).count();
        assertTrue(lost > 0, text);
        // 100 printf events and exit()'s own event, which does not fit either (so the 2 s limit ends the run)
        assertEquals(101, printed + lost, text);
        assertTrue(text.contains("Lost " + lost + " events\n"), text);
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    @Test
    void endPrintsEveryLineAfterEventProgramsFilledTheSharedRing() {
        KernelRequirement.require();
        // the loader closes each attachment's fd after its last drain: this JVM's close(2) runs the
        // program once more and its 60 records of 80 bytes fill the one-page ring before END runs
        String script = ("tracepoint:syscalls:sys_enter_close /pid == %d/ { unroll(60) { printf(\"%%s %%s %%s %%s\\n\", comm, comm, comm, comm); } }\n"
                + "END { printf(\"end 1\\n\"); printf(\"end 2\\n\"); printf(\"end 3\\n\"); printf(\"end 4\\n\"); printf(\"end 5\\n\"); }")
                .formatted(ProcessHandle.current().pid());
        var session = run(script, Duration.ofSeconds(1));

        String text = session.text();
        assertTrue(session.lost() > 0, text);
        // reported as they are counted, one line per poll that saw more
        long reported = text.lines().filter(line -> line.matches("Lost \\d+ events")).mapToLong(line -> Long.parseLong(line.split(" ")[1])).sum();
        assertEquals(session.lost(), reported, text);
        var ends = text.lines().filter(line -> line.startsWith("end ")).toList();
        assertEquals(List.of("end 1", "end 2", "end 3", "end 4", "end 5"), ends, text);
        // END's lines follow everything the event program sent, as when they shared the ring
        var lines = text.lines().filter(line -> !line.isEmpty() && !line.startsWith("Lost")).toList();
        assertEquals(ends, lines.subList(lines.size() - 5, lines.size()), text);
    }

    private record Run(String text, long lost) {}

    /** Compiles {@code script} with a one-page ring, verifies, loads and runs it for at most {@code duration}. */
    private static Run run(String script, Duration duration) {
        var target = new LiveTarget();
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(new SourceFile("lost.bt", script), target, SemaOptions.defaults(), diags)
                .orElseThrow(() -> new AssertionError(diags.all()));
        var object = new Compiler().compile(typed, new CompileOptions(CompileOptions.Optimization.DEFAULT, 4096, 4096), diags)
                .orElseThrow(() -> new AssertionError(diags.all()));
        var verified = new Verifier(VerifierOptions.defaults()).verify(object, target).verified().orElseThrow();
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long lost;
        try (TraceSession session = new Loader(target).load(verified, new SessionOutput(out, OutputFormat.TEXT, SessionOutput.Verbosity.NORMAL))) {
            session.run(Optional.of(duration));
            lost = session.lostEvents();
        }
        return new Run(bytes.toString(StandardCharsets.UTF_8), lost);
    }
}

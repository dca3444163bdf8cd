package jtracec.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Note;
import jtracec.spec.interp.Outcome;
import jtracec.verifier.obligation.Obligation;
import jtracec.verifier.obligation.Verdict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case under resources/verifier/&lt;topic&gt;/&lt;case&gt;.txt as one dynamic test. */
class VerifierCasesTest {
    private static final Verifier VERIFIER = new Verifier(VerifierOptions.defaults());

    @TestFactory
    Stream<DynamicTest> everyCaseFileHoldsItsExpectations() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/verifier")).toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(file -> {
            String name = root.relativize(file).toString().replace(".txt", "");
            return DynamicTest.dynamicTest(name, () -> check(VerifierCase.parse(name, Files.readString(file))));
        });
    }

    static void check(VerifierCase c) {
        VerificationReport report = VERIFIER.verify(c.object(), TestTarget.FULL);
        var actual = new TreeSet<String>();
        for (ProgramReport p : report.programs()) {
            for (Verdict v : p.verdicts()) {
                switch (v) {
                    case Verdict.Refuted r -> actual.add("%s %s at pc %d".formatted(r.obligation().isAdvisory() ? "warning" : "refuted",
                            r.obligation().kindName(), r.obligation().pc()));
                    case Verdict.Undecided u -> actual.add("undecided %s at pc %d".formatted(u.obligation().kindName(), u.obligation().pc()));
                    case Verdict.Proved p2 -> {}
                }
            }
            for (Diagnostic d : p.diagnostics()) {
                if (d.code().id().compareTo("E0320") >= 0) actual.add("error %s at pc %d".formatted(d.code().id(), d.span().line() - 1));
            }
        }
        if (c.expectations().equals(List.of("rejected"))) {
            // a differential case (verifier/differential): the kernel refuses it, so must we, for any reason
            assertTrue(report.verified().isEmpty(), "the kernel refuses this program, but it was accepted\n" + report.explain());
            return;
        }
        var expected = new TreeSet<String>();
        boolean accepted = false;
        for (String e : c.expectations()) {
            if (e.equals("accepted")) accepted = true;
            else if (!e.startsWith("note ") && !e.equals("no replay")) expected.add(e);
        }
        String context = "\n" + render(report) + "\n" + report.explain();
        if (accepted && expected.stream().anyMatch(e -> !e.startsWith("warning "))) fail("a case cannot be both accepted and rejected");
        if (!accepted && expected.isEmpty()) fail("the case expects nothing");
        assertEquals(expected, actual, context);
        assertEquals(accepted, report.verified().isPresent(), context);
        for (String e : c.expectations()) {
            if (!e.startsWith("note ")) continue;
            String text = e.substring(5);
            boolean found = report.diagnostics().stream().flatMap(d -> d.notes().stream()).map(Note::message).anyMatch(m -> m.contains(text));
            assertTrue(found, "no note contains '" + text + "'" + context);
        }
        var program = c.object().programs().get(0);
        if (accepted) neverFaults(c, program);
        // a refuted memory obligation is checked by replaying its counterexample, not by its values
        if (c.expectations().contains("no replay")) return;
        for (ProgramReport p : report.programs()) {
            for (Verdict v : p.verdicts()) {
                if (!(v instanceof Verdict.Refuted r) || !isReplayable(r.obligation())) continue;
                Outcome outcome = CounterexampleReplay.replay(c.object(), program, r.counterexample());
                assertTrue(outcome instanceof Outcome.Faulted f && f.pc() == r.obligation().pc(),
                        "replaying %s gave %s, not a fault at pc %d%s".formatted(CounterexampleReplay.describe(r.counterexample()),
                                outcome, r.obligation().pc(), context));
            }
        }
    }

    /** What the verifier proves, the interpreter confirms: an accepted program does not fault on random contexts. */
    private static void neverFaults(VerifierCase c, jtracec.spec.object.BpfProgram program) {
        var random = new java.util.Random(c.name().hashCode());
        for (int run = 0; run < 40; run++) {
            byte[] context = new byte[CounterexampleReplay.contextSize(program)];
            random.nextBytes(context);
            if (run % 4 == 0) java.util.Arrays.fill(context, (byte) 0);
            Outcome outcome = CounterexampleReplay.run(c.object(), program, context, run % 2 == 0);
            assertTrue(!(outcome instanceof Outcome.Faulted), "accepted, but the interpreter gave " + outcome);
        }
    }

    private static boolean isReplayable(Obligation o) {
        return o instanceof Obligation.InBounds || o instanceof Obligation.NotNull;
    }

    static String render(VerificationReport report) {
        var out = new StringBuilder();
        for (Diagnostic d : report.diagnostics()) {
            out.append(d.span()).append(": error[").append(d.code().id()).append("]: ").append(d.message()).append('\n');
            d.notes().forEach(n -> out.append("note: ").append(n.message()).append('\n'));
        }
        return out.toString();
    }
}

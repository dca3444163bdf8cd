package jtracec.cli.differential;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import jtracec.cli.KernelRequirement;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.isa.Disassembler;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's evidence that jtracec's verifier agrees with the kernel's, on this machine: every
 * compiled corpus tool and one-liner, then mutants of them, asked of both. Nothing jtracec accepts
 * may be refused by the kernel; what jtracec refuses and the kernel loads is reported as a rate.
 * CI runs a few hundred mutants; {@code scripts/differential} runs the full campaign with the same
 * test and {@code -Djtracec.differential.mutants=N -Djtracec.differential.seed=S}. Every unsound
 * mutant is printed (bytecode and kernel log) and written as a verifier case file under
 * {@code -Djtracec.differential.cases} (default target/differential-cases). Every imprecise mutant is
 * counted by the reason jtracec gives ({@link Refusal}), and written out for study when
 * {@code -Djtracec.differential.imprecise=DIR} is set.
 */
@Tag("kernel")
class DifferentialTest {
    private static final long SEED = 20261122L;
    private static final int CI_MUTANTS = 300;
    // 27 corpus tools compile today (CorpusAcceptanceTest); raise as the compiler grows, never lower
    private static final int AT_LEAST_CORPUS_TOOLS = 27;

    @Test
    void theKernelLoadsEveryProgramJtracecAccepts() throws IOException {
        KernelRequirement.require();
        int mutants = Integer.getInteger("jtracec.differential.mutants", CI_MUTANTS);
        long seed = Long.getLong("jtracec.differential.seed", SEED);
        Path cases = Path.of(System.getProperty("jtracec.differential.cases", "target/differential-cases"));
        Path corpus = Path.of(Objects.requireNonNull(System.getProperty("jtracec.shared"), "surefire sets jtracec.shared"),
                "corpus", "bpftrace-v0.17-tools");

        var target = new LiveTarget();
        Verifier.preloadSolver();
        var skipped = new ArrayList<String>();
        var subjects = Subjects.compile(target, corpus, skipped);
        long corpusTools = subjects.stream().map(Subject::origin).filter(o -> o.endsWith(".bt")).distinct().count();
        System.out.printf("differential: %d programs from %d corpus tools and %d one-liners; seed %d, %d mutants%n",
                subjects.size(), corpusTools, Subjects.ONE_LINERS.size(), seed, mutants);
        skipped.forEach(s -> System.out.println("  not compiled: " + s));

        long started = System.nanoTime();
        var dumps = Optional.ofNullable(System.getProperty("jtracec.differential.imprecise")).map(Path::of);
        var result = new Campaign(target, new Verifier(VerifierOptions.defaults()), dumps).run(subjects, new Campaign.Settings(seed, mutants), System.out);
        double seconds = (System.nanoTime() - started) / 1e9;

        var tally = result.tally();
        System.out.print(tally.table());
        int kernelAccepts = tally.count(Agreement.BOTH_ACCEPT) + tally.count(Agreement.IMPRECISE);
        System.out.printf("differential: %d mutants in %.0f s (%d draws); unsound %d; imprecise %d (%.1f%% of the %d the kernel loads, %.1f%% of all)%n",
                tally.mutants(), seconds, result.attempts(), tally.count(Agreement.UNSOUND), tally.count(Agreement.IMPRECISE),
                kernelAccepts == 0 ? 0.0 : 100.0 * tally.count(Agreement.IMPRECISE) / kernelAccepts, kernelAccepts,
                tally.mutants() == 0 ? 0.0 : 100.0 * tally.count(Agreement.IMPRECISE) / tally.mutants());
        int number = 0;
        for (var finding : result.unsound()) {
            Path file = RegressionCase.write(cases, finding, number++);
            var log = finding.rejection().log().strip().lines().toList();
            System.out.printf("UNSOUND %s %s: %s (case %s)%n%s--- kernel log (last lines, errno %d)%n%s%n", finding.subject().name(), finding.row(),
                    finding.change(), file, Disassembler.listing(finding.object().programs().get(0).insns()), finding.rejection().errno(),
                    String.join("\n", log.subList(Math.max(0, log.size() - 12), log.size())));
        }
        // why jtracec is stricter than the kernel: every imprecise mutant by reason, the policy apart
        var refusals = new RefusalCounts(result.imprecise());
        System.out.print(refusals.table());
        System.out.print(refusals.summary(tally.mutants(), kernelAccepts));
        result.crashes().forEach(c -> System.out.printf("VERIFIER CRASH %s %s: %s: %s%n", c.subject().name(), c.row(), c.change(), c.failure()));

        assertAll(
                () -> assertTrue(corpusTools >= AT_LEAST_CORPUS_TOOLS, "only " + corpusTools + " corpus tools compile"),
                () -> assertEquals(0, tally.count(Tally.ORIGINAL, Agreement.UNSOUND), "the kernel refuses a program jtracec proved as compiled"),
                () -> assertEquals(mutants, tally.mutants(), "too few distinct mutants"),
                () -> assertEquals(0, tally.count(Agreement.UNSOUND), "jtracec accepted mutants the kernel refuses"),
                () -> assertEquals(0, result.crashes().size(), "our verifier threw instead of giving a verdict"));
    }
}

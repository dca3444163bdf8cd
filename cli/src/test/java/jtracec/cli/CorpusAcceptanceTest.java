package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bpftrace 0.17's own tools through the real pipeline on this kernel, at the default optimisation
 * level: how many get through each stage, why the others stop, and that the kernel's verifier
 * accepts every object ours proves. The floors below are today's counts; raise them as the
 * pipeline grows, never lower them.
 */
@Tag("kernel")
class CorpusAcceptanceTest {
    // Measured 2026-11-22 on Linux 6.18 (no kprobes, no fentry attach, no hardware PMU).
    private static final int CORPUS_SIZE = 38;
    // 14 stop in the front end on kernel struct fields and enum constants (no BTF types yet), 9 in
    // the compiler (elapsed, kaddr, maps holding strings, a 1376-byte BEGIN frame), 1 in our verifier
    // (writeback.bt); see the failures it prints.
    private static final int AT_LEAST_TYPED = 24;
    private static final int AT_LEAST_COMPILED = 15;
    private static final int AT_LEAST_PROVED = 14;
    private static final int AT_LEAST_LOADED = 14;

    @Test
    void theKernelLoadsEveryCorpusToolOurVerifierProves() throws IOException {
        KernelRequirement.require();
        var acceptance = new KernelAcceptance(KernelAcceptanceTest.LiveTargetHolder.TARGET);
        int typed = 0, compiled = 0, proved = 0, loaded = 0;
        var failures = new ArrayList<String>();
        var falseAccepts = new ArrayList<String>();
        var table = new StringBuilder("%-20s %-10s %8s %6s %11s  %s%n".formatted("script", "reached", "programs", "slots", "obligations", "note"));
        for (Path script : scripts()) {
            String name = script.getFileName().toString();
            var outcome = acceptance.accept(new SourceFile(name, Files.readString(script)), CompileOptions.defaults());
            switch (outcome) {
                case KernelAcceptance.Outcome.Stopped stopped -> {
                    typed += stopped.stage() == KernelAcceptance.Stage.FRONT_END ? 0 : 1;
                    compiled += stopped.stage() == KernelAcceptance.Stage.VERIFIER ? 1 : 0;
                    failures.add("%s: stopped by the %s: %s".formatted(name, stopped.stage(), stopped.reason()));
                    table.append(stopped.size().map(size -> row(name, stopped.stage().toString(), size, stopped.reason()))
                            .orElse("%-20s %-10s %8s %6s %11s  %s%n".formatted(name, stopped.stage(), "-", "-", "-", stopped.reason())));
                }
                case KernelAcceptance.Outcome.KernelRejected rejected -> {
                    typed++; compiled++; proved++;
                    falseAccepts.add("%s: the kernel refused %s:%n%s".formatted(name, rejected.probe(), rejected.kernelLog()));
                    failures.add("%s: FALSE ACCEPT, the kernel refused %s".formatted(name, rejected.probe()));
                    table.append(row(name, "proved", rejected.size(), "kernel refused " + rejected.probe()));
                }
                case KernelAcceptance.Outcome.LoadFailed failed -> {
                    typed++; compiled++; proved++;
                    failures.add("%s: proved but not loaded: %s".formatted(name, failed.reason()));
                    table.append(row(name, "proved", failed.size(), failed.reason()));
                }
                case KernelAcceptance.Outcome.Loaded ok -> {
                    typed++; compiled++; proved++; loaded++;
                    table.append(row(name, "loaded", ok.size(), ok.unattachable().map(why -> "not attachable here").orElse("")));
                }
            }
        }
        int total = scripts().size();
        System.out.printf("corpus: %d scripts, %d parse and type-check, %d compile, %d verify (every obligation proved), %d load%n",
                total, typed, compiled, proved, loaded);
        System.out.print(table);
        failures.forEach(f -> System.out.println("  " + f));
        int typedCount = typed, compiledCount = compiled, provedCount = proved, loadedCount = loaded;
        assertAll(
                () -> assertTrue(falseAccepts.isEmpty(), "our verifier proved what the kernel refuses:\n" + String.join("\n", falseAccepts)),
                () -> assertTrue(total >= CORPUS_SIZE, "corpus shrank to " + total),
                () -> assertTrue(typedCount >= AT_LEAST_TYPED, "parse and type-check regressed: " + typedCount),
                () -> assertTrue(compiledCount >= AT_LEAST_COMPILED, "compile regressed: " + compiledCount),
                () -> assertTrue(provedCount >= AT_LEAST_PROVED, "verify regressed: " + provedCount),
                () -> assertTrue(loadedCount >= AT_LEAST_LOADED, "load regressed: " + loadedCount));
    }

    private static String row(String name, String reached, KernelAcceptance.Size size, String note) {
        return "%-20s %-10s %8d %6d %11d  %s%n".formatted(name, reached, size.programs(), size.slots(), size.provedObligations(), note);
    }

    private static List<Path> scripts() throws IOException {
        Path corpus = Path.of(Objects.requireNonNull(System.getProperty("jtracec.shared"), "surefire sets jtracec.shared"), "corpus", "bpftrace-v0.17-tools");
        try (Stream<Path> files = Files.list(corpus)) {
            return files.filter(f -> f.toString().endsWith(".bt")).sorted().toList();
        }
    }
}

package jtracec.bench;

import java.util.Optional;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.Target;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;

/**
 * How far each benchmarked script gets through the pipeline, with the first error of the stage
 * that stops it: the list of scripts whose later stages the benchmarks cannot measure.
 * Run: {@code java -cp bench/target/benchmarks.jar jtracec.bench.StageReach}.
 */
public final class StageReach {
    public enum Stage { PARSE_AND_ANALYSE, CODE_GENERATION, VERIFICATION, PROVED }

    /** The first stage that did not pass (or PROVED), with its first error when there is one. */
    public record Reach(String script, Stage stoppedAt, Optional<String> firstError) {}

    private final Target target;

    StageReach(Target target) {
        this.target = target;
    }

    Reach reach(String name, SourceFile source) {
        var diags = new Diagnostics();
        var typed = new Frontend().analyse(source, target, SemaOptions.defaults(), diags);
        if (typed.isEmpty()) return stopped(name, Stage.PARSE_AND_ANALYSE, diags);
        var object = new Compiler().compile(typed.get(), CompileOptions.defaults(), diags);
        if (object.isEmpty()) return stopped(name, Stage.CODE_GENERATION, diags);
        var report = new Verifier(VerifierOptions.defaults()).verify(object.get(), target);
        if (!report.isProved()) report.diagnostics().forEach(diags::report);
        return report.isProved() ? new Reach(name, Stage.PROVED, Optional.empty()) : stopped(name, Stage.VERIFICATION, diags);
    }

    private static Reach stopped(String name, Stage stage, Diagnostics diags) {
        return new Reach(name, stage, diags.all().stream()
                .filter(Diagnostic::isError)
                .findFirst()
                .map(error -> "%d:%d %s".formatted(error.span().line(), error.span().column(), error.message())));
    }

    public static void main(String[] args) {
        var scripts = BenchScripts.fromSystemProperties();
        var reach = new StageReach(BenchTarget.open());
        System.out.println("| script | stops at | first error |");
        System.out.println("|---|---|---|");
        var names = new java.util.ArrayList<>(BenchScripts.ONE_LINERS.keySet());
        names.addAll(scripts.corpusNames());
        for (String name : names) {
            Reach result = reach.reach(name, scripts.source(name));
            System.out.printf("| %s | %s | %s |%n", name,
                    result.stoppedAt() == Stage.PROVED ? "— (proved)" : result.stoppedAt().name().toLowerCase().replace('_', ' '),
                    result.firstError().orElse("").replace("|", "\\|"));
        }
    }
}

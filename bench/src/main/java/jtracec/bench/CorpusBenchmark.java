package jtracec.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.Target;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole corpus per operation: {@code frontend} parses and analyses every script (the figure
 * issue 4 asks for), {@code pipeline} takes every script as far as it goes, up to a verified object.
 * Returns the error count so the work cannot be optimised away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CorpusBenchmark {
    private Target target;
    private List<SourceFile> corpus;

    @Setup
    public void setUp() {
        target = BenchTarget.open();
        var scripts = BenchScripts.fromSystemProperties();
        corpus = scripts.corpusNames().stream().map(scripts::source).toList();
    }

    @Benchmark
    public long frontend() {
        var diags = new Diagnostics();
        var frontend = new Frontend();
        for (SourceFile source : corpus) frontend.analyse(source, target, SemaOptions.defaults(), diags);
        return diags.errorCount();
    }

    @Benchmark
    public long pipeline() {
        var diags = new Diagnostics();
        var frontend = new Frontend();
        for (SourceFile source : corpus) {
            frontend.analyse(source, target, SemaOptions.defaults(), diags)
                    .flatMap(program -> new Compiler().compile(program, CompileOptions.defaults(), diags))
                    .map(object -> new Verifier(VerifierOptions.defaults()).verify(object, target))
                    .ifPresent(report -> report.diagnostics().forEach(diags::report));
        }
        return diags.errorCount();
    }
}

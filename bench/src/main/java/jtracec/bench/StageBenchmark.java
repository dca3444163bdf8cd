package jtracec.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per script of each compile stage, as cli's Pipeline assembles them: {@code frontend} (parse
 * and semantic analysis), {@code backend} (IR, passes and code generation), {@code verify} (the Z3
 * proof of every program), and {@code pipeline} (script text to a verified object). A script that
 * stops at a stage is measured for the stages it passes: {@code pipeline} then times the work up to
 * where it stops, and the stages after it fail their setup with the reason ({@link StageReach}
 * lists them). Every run reads the same kernel snapshot ({@link BenchTarget}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StageBenchmark {
    @Param({"count-syscalls", "sum-read-bytes", "hist-read-bytes", "print-openat",
            "bashreadline", "biolatency", "biosnoop", "biostacks", "bitesize", "capable", "cpuwalk", "dcsnoop",
            "execsnoop", "gethostlatency", "killsnoop", "loads", "mdflush", "naptime", "oomkill", "opensnoop",
            "pidpersec", "runqlat", "runqlen", "setuids", "ssllatency", "sslsnoop", "statsnoop", "swapin",
            "syncsnoop", "syscount", "tcpaccept", "tcpconnect", "tcpdrop", "tcplife", "tcpretrans", "tcpsynbl",
            "threadsnoop", "undump", "vfscount", "vfsstat", "writeback", "xfsdist"})
    public String script;

    private Target target;
    private SourceFile source;
    private Optional<TypedProgram> typed;
    private Optional<BpfObject> object;

    @Setup
    public void setUp() {
        target = BenchTarget.open();
        source = BenchScripts.fromSystemProperties().source(script);
        var diags = new Diagnostics();
        typed = analyse(diags);
        object = typed.flatMap(program -> compile(program, diags));
    }

    @Benchmark
    public Optional<TypedProgram> frontend() {
        return analyse(new Diagnostics());
    }

    @Benchmark
    public Optional<BpfObject> backend() {
        return compile(typed.orElseThrow(() -> new StageNotReached(script, "semantic analysis")), new Diagnostics());
    }

    @Benchmark
    public VerificationReport verify() {
        return new Verifier(VerifierOptions.defaults())
                .verify(object.orElseThrow(() -> new StageNotReached(script, "code generation")), target);
    }

    @Benchmark
    public Optional<VerificationReport> pipeline() {
        var diags = new Diagnostics();
        return analyse(diags).flatMap(program -> compile(program, diags))
                .map(compiled -> new Verifier(VerifierOptions.defaults()).verify(compiled, target));
    }

    private Optional<TypedProgram> analyse(Diagnostics diags) {
        return new Frontend().analyse(source, target, SemaOptions.defaults(), diags);
    }

    private static Optional<BpfObject> compile(TypedProgram program, Diagnostics diags) {
        return new Compiler().compile(program, CompileOptions.defaults(), diags);
    }

    /** Thrown when a benchmark needs the output of a stage the script does not pass yet. */
    static final class StageNotReached extends RuntimeException {
        StageNotReached(String script, String stage) {
            super("%s does not pass %s yet: this stage is not measured for it".formatted(script, stage));
        }
    }
}

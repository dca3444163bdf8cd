package jtracec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.compiler.syntax.AstPrinter;
import jtracec.loader.LoaderException;
import jtracec.loader.TracedProcess;
import jtracec.loader.elf.ObjectReader;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.diag.Severity;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;

/**
 * The whole pipeline, in the order of ARCHITECTURE.md: parse and analyse, compile, verify, then
 * either report (--verify, dry runs) or load and trace. Stops at the first stage that reports an
 * error. Environment failures arrive as the loader's typed exceptions and leave as one clear message.
 */
final class Pipeline {
    private final Invocation invocation;
    private final PrintStream out;
    private final PrintStream err;
    private final StartupTimes times;

    Pipeline(Invocation invocation, PrintStream out, PrintStream err, StartupTimes times) {
        this.invocation = invocation;
        this.out = out;
        this.err = err;
        this.times = times;
    }

    int run() {
        // an ELF is recognised by its magic, whatever it is called
        if (invocation.script().orElseThrow() instanceof ScriptInput.File file && ObjectReader.isElf(file.path())) {
            return new ObjectVerification(invocation, out, err).run(file.path());
        }
        SourceFile source;
        try {
            source = invocation.script().orElseThrow().read();
        } catch (ScriptInput.ScriptUnreadableException e) {
            err.println("jtracec: " + e.getMessage());
            return ExitCode.FAILED;
        }
        times.mark("script read");
        Verifier.preloadSolver();
        var reporter = new DiagnosticReporter(source, err, invocation.isNoWarnings());
        if (invocation.snapshotTarget().isPresent() && !Targets.snapshot(invocation.snapshotTarget().get(), reporter)) {
            return ExitCode.FAILED;
        }
        Optional<Target> target = Targets.open(invocation, reporter);
        if (target.isEmpty()) return ExitCode.FAILED;
        if (target.get() instanceof LiveTarget live) live.probeInBackground();
        times.mark("kernel model opened");

        // bpftrace 0.17 starts the -c command (stopped) before it generates code: cpid is its pid
        Optional<TracedProcess.Child> child = Optional.empty();
        if (invocation.command().isPresent() && isTracing() && target.get() instanceof LiveTarget) {
            try {
                child = Optional.of(TracedProcess.Child.start(invocation.command().get()));
            } catch (LoaderException e) {
                reporter.failure(e.getMessage(), e.help());
                return ExitCode.FAILED;
            }
        }
        try {
            return compileAndTrace(source, target.get(), reporter, child);
        } finally {
            // a session releases the command it traced; one never traced (compilation failed) is
            // still stopped before its exec, and SIGKILL ends it without letting it run
            child.map(TracedProcess.Child::process).filter(Process::isAlive).ifPresent(Process::destroyForcibly);
        }
    }

    /** A run that loads and traces, rather than only verifying or showing a stage. */
    private boolean isTracing() {
        return !invocation.isVerifyOnly() && !invocation.isDryRun();
    }

    private int compileAndTrace(SourceFile source, Target target, DiagnosticReporter reporter, Optional<TracedProcess.Child> child) {
        var diags = new Diagnostics();
        Optional<TypedProgram> typed = analyse(source, target, diags, child);
        times.mark("parsed and analysed");
        Optional<BpfObject> object = typed.flatMap(program -> compile(program, diags));
        times.mark("compiled");
        reporter.report(diags.all());
        if (object.isEmpty() || diags.hasErrors()) {
            return invocation.isVerifyOnly() ? new VerifyOutput(invocation, out, reporter).compileFailed(source, diags.all()) : ExitCode.FAILED;
        }
        if (invocation.dumpStages().contains("asm")) out.print(Listing.of(object.get()));

        VerificationReport report = new Verifier(VerifierOptions.defaults()).verify(object.get(), target);
        times.mark("verified");
        var advice = new FeatureAdvice(target);
        if (invocation.isVerifyOnly()) {
            return new VerifyOutput(invocation, out, reporter).print(source, object.get(), report,
                    advice.unattachable(object.get(), Severity.WARNING));
        }
        if (!report.isProved()) {
            reporter.report(report.diagnostics());
            return ExitCode.FAILED;
        }
        if (invocation.emitElf().isPresent()) return emitElf(object.get(), invocation.emitElf().get(), reporter);
        if (invocation.isDryRun()) return ExitCode.OK;
        var unattachable = advice.unattachable(object.get(), Severity.ERROR);
        if (!unattachable.isEmpty()) {
            reporter.report(unattachable);
            return ExitCode.FAILED;
        }
        if (!(target instanceof LiveTarget live)) {
            reporter.failure("a program verified against a snapshot cannot be traced", "drop --target to trace on this kernel");
            return ExitCode.FAILED;
        }
        return new Tracing(invocation, out, reporter, times).run(report.verified().orElseThrow(), live, child);
    }

    /** Writes the proven object; an ELF is written only for programs the verifier accepted. */
    private int emitElf(BpfObject object, Path file, DiagnosticReporter reporter) {
        try {
            Files.write(file, new Compiler().elf(object));
            return ExitCode.OK;
        } catch (IOException e) {
            reporter.failure("cannot write %s: %s".formatted(file, e.getMessage()), "check that its directory exists and is writable");
            return ExitCode.FAILED;
        }
    }

    /** {@code jtracec -l [search]}: list the target's probes. */
    int list(String search) {
        var reporter = new DiagnosticReporter(new SourceFile("jtracec", ""), err, invocation.isNoWarnings());
        Optional<UserProbeListing.Search> uprobes = UserProbeListing.Search.parse(search);
        if (uprobes.isPresent()) return UserProbeListing.print(uprobes.get(), out, reporter);
        return Targets.open(invocation, reporter)
                .map(target -> new ProbeListing(target, invocation.isVerbose() ? ProbeListing.Detail.ARGUMENTS : ProbeListing.Detail.NAMES)
                        .print(Optional.of(search), out))
                .orElse(ExitCode.FAILED);
    }

    /** {@code jtracec --snapshot-target FILE} with no script: record this kernel's facts and stop. */
    int snapshotOnly() {
        var reporter = new DiagnosticReporter(new SourceFile("jtracec", ""), err, invocation.isNoWarnings());
        return Targets.snapshot(invocation.snapshotTarget().orElseThrow(), reporter) ? ExitCode.OK : ExitCode.FAILED;
    }

    private Optional<TypedProgram> analyse(SourceFile source, Target target, Diagnostics diags, Optional<TracedProcess.Child> child) {
        var frontend = new Frontend();
        if (invocation.dumpStages().contains("ast")) {
            frontend.parse(source, diags).ifPresent(program -> out.print(new AstPrinter().print(program)));
        }
        // a run that only verifies or shows a stage starts no command: cpid is typed and compiled as 0 there
        Optional<Long> childPid = child.map(started -> (long) started.pid())
                .or(() -> invocation.command().map(command -> 0L));
        return frontend.analyse(source, target, new SemaOptions(invocation.positionalParams(), invocation.isUnsafe(), childPid,
                invocation.environment().stringSize()), diags);
    }

    private Optional<BpfObject> compile(TypedProgram program, Diagnostics diags) {
        var compiler = new Compiler();
        CompileOptions options = invocation.environment().compileOptions();
        if (invocation.dumpStages().contains("ir")) compiler.irText(program, options, diags).ifPresent(out::print);
        return compiler.compile(program, options, diags);
    }
}

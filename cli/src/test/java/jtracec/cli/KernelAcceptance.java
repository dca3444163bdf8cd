package jtracec.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.loader.AcceptanceLoading;
import jtracec.loader.FeatureUnavailableException;
import jtracec.loader.Loader;
import jtracec.loader.LoaderException;
import jtracec.loader.ProgramRejectedException;
import jtracec.loader.TraceSession;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.ProgramReport;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.VerifiedObject;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;

/**
 * Takes one script through the real pipeline as far as it goes: the front end against this kernel,
 * the compiler, jtracec's verifier, then the kernel's verifier (maps created, every program loaded,
 * nothing attached, everything released). The kernel is asked only about objects our verifier
 * proved, so a kernel rejection is a false accept by our verifier.
 */
final class KernelAcceptance {
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private final LiveTarget target;

    KernelAcceptance(LiveTarget target) {
        this.target = target;
    }

    /** Where a script stopped, or that the kernel took every program. */
    sealed interface Outcome {
        /** The front end, the compiler or our verifier stopped it; {@code reason} is its first diagnostic. */
        record Stopped(Stage stage, String reason, Optional<Size> size) implements Outcome {
            Stopped(Stage stage, String reason) {
                this(stage, reason, Optional.empty());
            }
        }

        /** Our verifier proved every obligation and the kernel's verifier refused a program: a false accept. */
        record KernelRejected(Size size, String probe, String kernelLog) implements Outcome {}

        /** Proved, but the loader failed for a reason that is not the kernel's verifier (e.g. no BTF id for a kfunc). */
        record LoadFailed(Size size, String reason) implements Outcome {}

        /** Proved, and the kernel loaded every program; {@code unattachable} says why this machine could not run them. */
        record Loaded(Size size, Optional<String> unattachable) implements Outcome {}
    }

    enum Stage { FRONT_END, COMPILER, VERIFIER }

    /** Instruction slots (lddw counts two) summed over the programs, and the obligations our verifier proved. */
    record Size(int programs, int slots, long provedObligations) {
        static Size of(BpfObject object, VerificationReport report) {
            return new Size(object.programs().size(), object.programs().stream().mapToInt(p -> p.insns().size()).sum(),
                    report.programs().stream().mapToLong(ProgramReport::proved).sum());
        }
    }

    Outcome accept(SourceFile source, CompileOptions options) {
        var diags = new Diagnostics();
        Optional<TypedProgram> typed;
        try {
            typed = new Frontend().analyse(source, target, SemaOptions.defaults(), diags);
        } catch (RuntimeException e) {
            return new Outcome.Stopped(Stage.FRONT_END, internalError(e));
        }
        if (typed.isEmpty() || diags.hasErrors()) return new Outcome.Stopped(Stage.FRONT_END, firstError(diags.all()));

        Optional<BpfObject> object;
        try {
            object = new Compiler().compile(typed.get(), options, diags);
        } catch (RuntimeException e) {
            return new Outcome.Stopped(Stage.COMPILER, internalError(e));
        }
        if (object.isEmpty() || diags.hasErrors()) return new Outcome.Stopped(Stage.COMPILER, firstError(diags.all()));

        VerificationReport report;
        try {
            report = new Verifier(VerifierOptions.defaults()).verify(object.get(), target);
        } catch (RuntimeException e) {
            return new Outcome.Stopped(Stage.VERIFIER, internalError(e));
        }
        if (report.verified().isEmpty()) {
            return new Outcome.Stopped(Stage.VERIFIER, firstError(report.diagnostics()), Optional.of(Size.of(object.get(), report)));
        }
        return load(report.verified().get(), Size.of(object.get(), report));
    }

    private Outcome load(VerifiedObject verified, Size size) {
        Optional<String> unattachable = Optional.empty();
        try {
            try (TraceSession session = new Loader(target).load(verified, DISCARD)) {
                return new Outcome.Loaded(size, unattachable);
            } catch (FeatureUnavailableException e) {
                // BPF_PROG_TYPE_KPROBE and PERF_EVENT programs load on a kernel without kprobes or a
                // PMU, so the kernel's verifier is still asked. (Where fentry cannot attach, loading
                // a kfunc program fails too, with EPERM and no log: that is a LoadFailed.)
                unattachable = Optional.of(e.getMessage());
            }
            try (TraceSession session = AcceptanceLoading.loadIgnoringAttachRequirements(new Loader(target), verified, DISCARD)) {
                return new Outcome.Loaded(size, unattachable);
            }
        } catch (ProgramRejectedException e) {
            return new Outcome.KernelRejected(size, e.probe(), e.verifierLog());
        } catch (LoaderException e) {
            return new Outcome.LoadFailed(size, e.getMessage() + " (help: " + e.help() + ")");
        }
    }

    static String oneLine(Diagnostic d) {
        return "%s:%d:%d: %s[%s]: %s".formatted(d.span().file(), d.span().line(), d.span().column(),
                d.severity().label(), d.code().id(), d.message());
    }

    private static String firstError(List<Diagnostic> diagnostics) {
        return diagnostics.stream().filter(Diagnostic::isError).findFirst().or(() -> diagnostics.stream().findFirst())
                .map(KernelAcceptance::oneLine).orElse("stopped without a diagnostic");
    }

    private static String internalError(RuntimeException e) {
        return "internal error: " + e;
    }
}

package jtracec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jtracec.loader.elf.ForeignObject;
import jtracec.loader.elf.ObjectReader;
import jtracec.loader.symbols.ElfFormatException;
import jtracec.spec.diag.Severity;
import jtracec.spec.kernel.Target;
import jtracec.spec.source.SourceFile;
import jtracec.verifier.ProgramReport;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;

/**
 * {@code jtracec --verify OBJECT.o}: an eBPF ELF object built by another compiler (clang, libbpf
 * style) goes through the same verifier and the same report as a script, one line per program,
 * with diagnostics at the C lines its line info names. Objects are only verified, never loaded.
 */
final class ObjectVerification {
    private final Invocation invocation;
    private final PrintStream out;
    private final PrintStream err;

    ObjectVerification(Invocation invocation, PrintStream out, PrintStream err) {
        this.invocation = invocation;
        this.out = out;
        this.err = err;
    }

    int run(Path path) {
        var failures = new DiagnosticReporter(List.of(), err, invocation.isNoWarnings());
        if (!invocation.isVerifyOnly()) {
            failures.failure("%s is an eBPF object: only verification of objects is supported, not running them".formatted(path),
                    "jtracec --verify " + path);
            return ExitCode.FAILED;
        }
        if (invocation.dumpStages().stream().anyMatch(stage -> !stage.equals("asm")) || invocation.emitElf().isPresent()
                || !invocation.positionalParams().isEmpty()) {
            failures.failure("with an eBPF object only --verify, --explain, --target and -d asm apply", "drop the other options");
            return ExitCode.USAGE;
        }
        Optional<ForeignObject> foreign = read(path, failures);
        if (foreign.isEmpty()) return ExitCode.FAILED;
        Verifier.preloadSolver();
        var reporter = new DiagnosticReporter(foreign.get().sources(), err, invocation.isNoWarnings());
        Optional<Target> target = Targets.open(invocation, reporter);
        if (target.isEmpty()) return ExitCode.FAILED;
        var object = foreign.get().object();
        if (invocation.dumpStages().contains("asm")) out.print(Listing.of(object));
        VerificationReport report = new Verifier(VerifierOptions.defaults()).verify(object, target.get());
        for (ProgramReport program : report.programs()) out.println(summary(path, program));
        return new VerifyOutput(invocation, out, reporter).print(new SourceFile(path.toString(), ""), object, report,
                new FeatureAdvice(target.get()).unattachable(object, Severity.WARNING));
    }

    private static Optional<ForeignObject> read(Path path, DiagnosticReporter failures) {
        try {
            return Optional.of(new ObjectReader().read(path));
        } catch (ElfFormatException e) {
            failures.failure(e.getMessage(), "jtracec verifies relocatable objects from clang -target bpf -g -O2 -c with libbpf SEC() sections");
        } catch (IOException e) {
            failures.failure("%s: cannot read: %s".formatted(path, e.getMessage()), "");
        }
        return Optional.empty();
    }

    /** {@code a.o: count_openat (tracepoint/syscalls/sys_enter_openat): 12 obligations proven, 1 refuted}. */
    private static String summary(Path path, ProgramReport program) {
        var line = new StringBuilder("%s: %s (%s): %d obligations proven".formatted(path, program.name(), program.probe(), program.proved()));
        if (program.refuted() > 0) line.append(", ").append(program.refuted()).append(" refuted");
        if (program.undecided() > 0) line.append(", ").append(program.undecided()).append(" undecided");
        if (!program.isWellFormed()) line.append(", malformed");
        return line.toString();
    }
}

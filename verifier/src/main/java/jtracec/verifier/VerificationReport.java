package jtracec.verifier;

import java.util.List;
import java.util.Optional;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.object.BpfObject;
import jtracec.spec.json.JsonValue;
import jtracec.verifier.report.ExplainPrinter;
import jtracec.verifier.report.JsonReport;
import jtracec.verifier.report.SarifReport;

/**
 * The outcome of verifying an object: a report per program and, only when every obligation of
 * every program was proved, the {@link VerifiedObject} the loader accepts.
 */
public final class VerificationReport {
    private final List<ProgramReport> programs;
    private final Optional<VerifiedObject> verified;

    VerificationReport(BpfObject object, List<ProgramReport> programs) {
        this.programs = List.copyOf(programs);
        this.verified = isProved() ? Optional.of(new VerifiedObject(object, this)) : Optional.empty();
    }

    public List<ProgramReport> programs() {
        return programs;
    }

    public Optional<VerifiedObject> verified() {
        return verified;
    }

    public boolean isProved() {
        return programs.stream().allMatch(ProgramReport::isProved);
    }

    public List<Diagnostic> diagnostics() {
        return programs.stream().flatMap(p -> p.diagnostics().stream()).toList();
    }

    /** The report as {@code -f json} prints it (verifier/README.md, "JSON report"); {@code source} names the script or object. */
    public JsonValue json(String source) {
        return new JsonReport().write(source, programs);
    }

    /** The report as a SARIF 2.1.0 log; {@code exitCode} is what the verification exits with. */
    public JsonValue sarif(String source, SarifReport.Tool tool, int exitCode) {
        return new SarifReport(tool).write(source, programs, exitCode);
    }

    /** The bytecode of every program with what is known and proved before each instruction ({@code --explain}). */
    public String explain() {
        var out = new StringBuilder();
        for (ProgramReport p : programs) {
            out.append(new ExplainPrinter().print(p.name() + " (" + p.probe() + ")", p.points()));
            out.append("%d proved, %d refuted, %d undecided; %d instructions processed, %d solver queries%n"
                    .formatted(p.proved(), p.refuted(), p.undecided(), p.processedInstructions(), p.solverQueries()));
        }
        return out.toString();
    }
}

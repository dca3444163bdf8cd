package jtracec.verifier.report;

import static jtracec.verifier.report.JsonReport.array;
import static jtracec.verifier.report.JsonReport.members;
import static jtracec.verifier.report.JsonReport.number;
import static jtracec.verifier.report.JsonReport.object;
import static jtracec.verifier.report.JsonReport.string;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.diag.Code;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Note;
import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonBoolean;
import jtracec.spec.json.JsonValue.JsonObject;
import jtracec.spec.source.SourceSpan;
import jtracec.verifier.Finding;
import jtracec.verifier.ProgramReport;
import jtracec.verifier.VerifyCode;
import jtracec.verifier.obligation.Verdict;

/**
 * {@code jtracec --verify -f sarif}: one SARIF 2.1.0 run (OASIS, sarif-v2.1.0-os) with a rule
 * per verifier code and a result per diagnostic. The result's location is the script span of the
 * failing instruction; the instruction, its index and the counterexample are in the result's
 * properties (the same objects as {@link JsonReport}), and notes with their own span are related
 * locations. Regions count columns in characters, 1-based, end exclusive (§3.30), as
 * {@link SourceSpan} does.
 */
public final class SarifReport {
    public static final String VERSION = "2.1.0";
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /** The tool as SARIF's {@code toolComponent} names it. */
    public record Tool(String name, String version, Optional<URI> informationUri) {}

    private final Tool tool;

    public SarifReport(Tool tool) {
        this.tool = tool;
    }

    /** The log for {@code programs} verified from {@code source}; {@code exitCode} is what the run exits with. */
    public JsonObject write(String source, List<ProgramReport> programs, int exitCode) {
        var results = new ArrayList<JsonValue>();
        for (ProgramReport p : programs) {
            for (Finding f : p.findings()) results.add(result(source, p, f));
        }
        return log(source, driver(List.of()), results, exitCode);
    }

    /**
     * The log when the script never reached the verifier: a result per compiler diagnostic at its
     * span, each under a rule for its code (after the verifier's rules, so their indices stay put).
     */
    public JsonObject writeCompileFailure(String source, List<Diagnostic> diagnostics, int exitCode) {
        var extra = new ArrayList<Code>();
        for (Diagnostic d : diagnostics) {
            if (!(d.code() instanceof VerifyCode) && extra.stream().noneMatch(c -> c.id().equals(d.code().id()))) extra.add(d.code());
        }
        var results = new ArrayList<JsonValue>();
        for (Diagnostic d : diagnostics) {
            int index = d.code() instanceof VerifyCode code ? code.ordinal()
                    : VerifyCode.values().length + indexOf(extra, d.code());
            var out = members();
            out.put("ruleId", string(d.code().id()));
            out.put("ruleIndex", number(index));
            out.put("level", string(d.severity().label()));   // error, warning, note: SARIF's levels too
            out.put("message", text(message(d)));
            out.put("locations", array(List.of(object(Map.of("physicalLocation", physical(d.span(), source))))));
            relatedLocations(d, source).ifPresent(related -> out.put("relatedLocations", related));
            out.put("properties", object(Map.of("stage", string("compile"))));
            results.add(object(out));
        }
        return log(source, driver(extra), results, exitCode);
    }

    private JsonObject log(String source, JsonObject driver, List<JsonValue> results, int exitCode) {
        var run = members();
        run.put("tool", object(Map.of("driver", driver)));
        var invocation = members();
        invocation.put("executionSuccessful", new JsonBoolean(true));
        invocation.put("exitCode", number(exitCode));
        run.put("invocations", array(List.of(object(invocation))));
        run.put("artifacts", array(List.of(object(Map.of("location", artifact(source))))));
        run.put("columnKind", string("unicodeCodePoints"));
        run.put("results", array(results));
        var log = members();
        log.put("$schema", string(SCHEMA));
        log.put("version", string(VERSION));
        log.put("runs", array(List.of(object(run))));
        return object(log);
    }

    private static int indexOf(List<Code> codes, Code code) {
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i).id().equals(code.id())) return i;
        }
        throw new IllegalStateException("bug: no rule for " + code.id());
    }

    private JsonObject driver(List<Code> compileCodes) {
        var out = members();
        out.put("name", string(tool.name()));
        out.put("version", string(tool.version()));
        tool.informationUri().ifPresent(uri -> out.put("informationUri", string(uri.toString())));
        var rules = new ArrayList<JsonValue>(Arrays.stream(VerifyCode.values()).map(SarifReport::rule).toList());
        for (Code code : compileCodes) rules.add(compileRule(code));
        out.put("rules", array(rules));
        return object(out);
    }

    /** A rule for a compiler code; the codes' ranges are catalogued in the top README (E01xx syntax, E02xx semantics, E05xx codegen). */
    private static JsonObject compileRule(Code code) {
        String stage = code.id().startsWith("E01") ? "syntax" : code.id().startsWith("E02") ? "semantics"
                : code.id().startsWith("E05") ? "code generation" : "compilation";
        var out = members();
        out.put("id", string(code.id()));
        out.put("name", string(code instanceof Enum<?> e ? ruleName(e.name()) : code.id()));
        out.put("shortDescription", text("the script is rejected before verification (" + stage + ")"));
        out.put("help", text("fix the script at the reported location; the result's message says what is wrong and how"));
        out.put("defaultConfiguration", object(Map.of("level", string("error"))));
        return object(out);
    }

    private static JsonObject rule(VerifyCode code) {
        var out = members();
        out.put("id", string(code.id()));
        out.put("name", string(ruleName(code.name())));
        out.put("shortDescription", text(code.summary()));
        out.put("help", text(code.help()));
        boolean isWarning = code == VerifyCode.DIVISOR_MAY_BE_ZERO;
        out.put("defaultConfiguration", object(Map.of("level", string(isWarning ? "warning" : "error"))));
        return object(out);
    }

    /** SARIF rule names are UpperCamelCase words: OUT_OF_BOUNDS becomes OutOfBounds. */
    private static String ruleName(String constant) {
        var out = new StringBuilder();
        for (String word : constant.split("_")) out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        return out.toString();
    }

    private static JsonObject result(String source, ProgramReport program, Finding f) {
        Diagnostic d = f.diagnostic();
        var out = members();
        out.put("ruleId", string(d.code().id()));
        if (d.code() instanceof VerifyCode code) out.put("ruleIndex", number(code.ordinal()));
        out.put("level", string(d.severity().label()));
        out.put("message", text(message(d)));
        var location = members();
        location.put("physicalLocation", physical(d.span(), source));
        var logical = members();
        logical.put("name", string(program.name()));
        logical.put("fullyQualifiedName", string(program.probe()));
        logical.put("kind", string("function"));
        location.put("logicalLocations", array(List.of(object(logical))));
        out.put("locations", array(List.of(object(location))));
        relatedLocations(d, source).ifPresent(related -> out.put("relatedLocations", related));
        out.put("properties", properties(program, f));
        return object(out);
    }

    /** The notes that have a span of their own, as related locations; empty when none has. */
    private static Optional<JsonValue> relatedLocations(Diagnostic d, String source) {
        var related = new ArrayList<JsonValue>();
        for (Note note : d.notes()) {
            if (note.span().filter(SourceSpan::isKnown).isEmpty()) continue;
            var at = members();
            at.put("id", number(related.size()));
            at.put("physicalLocation", physical(note.span().get(), source));
            at.put("message", text(note.message()));
            related.add(object(at));
        }
        return related.isEmpty() ? Optional.empty() : Optional.of(array(related));
    }

    /** The message with its notes and help, as the text rendering reads, so a viewer that shows only the message loses nothing. */
    private static String message(Diagnostic d) {
        var out = new StringBuilder(d.message());
        for (Note note : d.notes()) out.append("\nnote: ").append(note.message());
        d.help().ifPresent(h -> out.append("\nhelp: ").append(h));
        return out.toString();
    }

    private static JsonObject properties(ProgramReport program, Finding f) {
        var out = members();
        out.put("program", string(program.name()));
        out.put("probe", string(program.probe()));
        JsonReport.putInstruction(out, f);
        f.verdict().ifPresent(v -> {
            out.put("obligation", string(v.obligation().kindName()));
            switch (v) {
                case Verdict.Refuted r -> out.put("counterexample", JsonReport.counterexample(r.counterexample()));
                case Verdict.Undecided u -> out.put("reason", string(u.reason()));
                case Verdict.Proved p -> throw new IllegalStateException("bug: a finding for a proved obligation");
            }
        });
        return object(out);
    }

    /** The span's file and region; a span with no line (a foreign object) locates only the file. */
    private static JsonObject physical(SourceSpan span, String source) {
        var out = members();
        out.put("artifactLocation", artifact(span.file().isEmpty() ? source : span.file()));
        if (span.isKnown()) {
            var region = members();
            region.put("startLine", number(span.line()));
            region.put("startColumn", number(Math.max(1, span.column())));
            region.put("endLine", number(span.endLine()));
            region.put("endColumn", number(Math.max(1, span.endColumn())));
            out.put("region", object(region));
        }
        return object(out);
    }

    private static JsonObject artifact(String file) {
        return object(Map.of("uri", string(uri(file))));
    }

    /** An absolute path as a file URI; anything else as a relative reference with unsafe characters escaped. */
    static String uri(String file) {
        try {
            Path path = Path.of(file);
            if (path.isAbsolute()) return path.toUri().toString();
        } catch (InvalidPathException e) {
            // not a path on this system: a relative reference below
        }
        try {
            return new URI(null, null, file, null).toASCIIString();
        } catch (URISyntaxException e) {
            // a colon in the first segment would read as a scheme: anchor the reference at "."
            try {
                return new URI(null, null, "./" + file, null).toASCIIString();
            } catch (URISyntaxException again) {
                throw new IllegalStateException("bug: a path-only URI cannot be malformed: " + file, again);
            }
        }
    }

    private static JsonObject text(String text) {
        return object(Map.of("text", string(text)));
    }
}

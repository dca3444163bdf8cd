package jtracec.verifier.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Note;
import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonArray;
import jtracec.spec.json.JsonValue.JsonBoolean;
import jtracec.spec.json.JsonValue.JsonNumber;
import jtracec.spec.json.JsonValue.JsonObject;
import jtracec.spec.json.JsonValue.JsonString;
import jtracec.spec.source.SourceSpan;
import jtracec.verifier.Finding;
import jtracec.verifier.ProgramReport;
import jtracec.verifier.obligation.Counterexample;
import jtracec.verifier.obligation.Verdict;
import jtracec.verifier.state.Origin;

/**
 * {@code jtracec --verify -f json}: one object per verification, in the shape verifier/README.md
 * documents under "JSON report" (format {@value #FORMAT}). Members are only ever added to it;
 * a change of meaning gets a new format name. Also the source of the pieces {@link SarifReport}
 * shares (spans, counterexamples), so both say the same thing.
 */
public final class JsonReport {
    public static final String FORMAT = "jtracec-verify-1";

    /** The report of {@code programs}, verified from {@code source} (a script or object file name). */
    public JsonObject write(String source, List<ProgramReport> programs) {
        var root = members();
        root.put("format", string(FORMAT));
        root.put("source", string(source));
        root.put("proved", new JsonBoolean(programs.stream().allMatch(ProgramReport::isProved)));
        root.put("programs", array(programs.stream().map(JsonReport::program).toList()));
        return object(root);
    }

    /**
     * The report when the script never reached the verifier: no programs, {@code proved} false, and
     * the compiler's diagnostics (parse, semantic, code-generation errors and warnings) with their spans.
     */
    public JsonObject writeCompileFailure(String source, List<Diagnostic> diagnostics) {
        var root = members();
        root.put("format", string(FORMAT));
        root.put("source", string(source));
        root.put("proved", new JsonBoolean(false));
        root.put("programs", array(List.of()));
        root.put("diagnostics", array(diagnostics.stream().map(JsonReport::diagnostic).toList()));
        return object(root);
    }

    /** A compiler diagnostic: the members a program's diagnostic has that do not need a program. */
    private static JsonObject diagnostic(Diagnostic d) {
        var out = members();
        out.put("severity", string(d.severity().label()));
        out.put("code", string(d.code().id()));
        out.put("message", string(d.message()));
        if (d.span().isKnown()) out.put("span", span(d.span()));
        out.put("notes", array(d.notes().stream().map(JsonReport::note).toList()));
        d.help().ifPresent(h -> out.put("help", string(h)));
        return object(out);
    }

    private static JsonObject program(ProgramReport p) {
        var out = members();
        out.put("name", string(p.name()));
        out.put("probe", string(p.probe()));
        out.put("wellFormed", new JsonBoolean(p.isWellFormed()));
        out.put("proved", new JsonBoolean(p.isProved()));
        var obligations = members();
        obligations.put("proved", number(p.proved()));
        obligations.put("refuted", number(p.refuted()));
        obligations.put("undecided", number(p.undecided()));
        obligations.put("warned", number(p.warned()));
        out.put("obligations", object(obligations));
        out.put("processedInstructions", number(p.processedInstructions()));
        out.put("solverQueries", number(p.solverQueries()));
        out.put("elapsedMicros", number(p.elapsedNanos() / 1000));
        out.put("diagnostics", array(p.findings().stream().map(JsonReport::finding).toList()));
        return object(out);
    }

    private static JsonObject finding(Finding f) {
        Diagnostic d = f.diagnostic();
        var out = members();
        out.put("severity", string(d.severity().label()));
        out.put("code", string(d.code().id()));
        out.put("message", string(d.message()));
        if (d.span().isKnown()) out.put("span", span(d.span()));
        putInstruction(out, f);
        f.verdict().ifPresent(v -> {
            out.put("obligation", string(v.obligation().kindName()));
            switch (v) {
                case Verdict.Refuted r -> {
                    out.put("verdict", string("refuted"));
                    out.put("counterexample", counterexample(r.counterexample()));
                }
                case Verdict.Undecided u -> {
                    out.put("verdict", string("undecided"));
                    out.put("reason", string(u.reason()));
                }
                case Verdict.Proved p -> throw new IllegalStateException("bug: a finding for a proved obligation");
            }
        });
        out.put("notes", array(d.notes().stream().map(JsonReport::note).toList()));
        d.help().ifPresent(h -> out.put("help", string(h)));
        return object(out);
    }

    /** 1-based start and exclusive end, as {@link SourceSpan} counts. */
    static JsonObject span(SourceSpan span) {
        var out = members();
        out.put("file", string(span.file()));
        out.put("line", number(span.line()));
        out.put("column", number(span.column()));
        out.put("endLine", number(span.endLine()));
        out.put("endColumn", number(span.endColumn()));
        return object(out);
    }

    private static JsonObject note(Note note) {
        var out = members();
        out.put("message", string(note.message()));
        note.span().filter(SourceSpan::isKnown).ifPresent(s -> out.put("span", span(s)));
        return object(out);
    }

    /** The counterexample: its rendering, the named values it shows, and every program input of the run. */
    /** The failing instruction of a finding, when it has one: its pc and its disassembly. */
    static void putInstruction(Map<String, JsonValue> out, Finding f) {
        f.at().ifPresent(at -> {
            out.put("pc", number(at.pc()));
            out.put("instruction", string(at.instruction()));
        });
    }

    static JsonObject counterexample(Counterexample counterexample) {
        var out = members();
        out.put("text", string(counterexample.render()));
        out.put("values", array(counterexample.bindings().stream().map(b -> {
            var value = members();
            value.put("name", string(b.name()));
            value.put("value", number(b.value()));
            return object(value);
        }).toList()));
        if (!counterexample.context().isEmpty()) out.put("context", string(counterexample.context()));
        out.put("inputs", array(counterexample.inputs().stream().map(JsonReport::input).toList()));
        return object(out);
    }

    private static JsonObject input(Counterexample.Input input) {
        var out = members();
        switch (input.origin()) {
            case Origin.ContextBytes c -> {
                out.put("kind", string("context"));
                out.put("offset", number(c.offset()));
                out.put("size", number(c.size()));
            }
            case Origin.HelperResult h -> {
                out.put("kind", string("helper result"));
                out.put("helper", string(h.helper()));
                out.put("pc", number(h.pc()));
            }
        }
        out.put("value", number(input.value()));
        return object(out);
    }

    static Map<String, JsonValue> members() {
        return new LinkedHashMap<>();
    }

    static JsonObject object(Map<String, JsonValue> members) {
        return new JsonObject(members);
    }

    static JsonString string(String value) {
        return new JsonString(value);
    }

    static JsonNumber number(long value) {
        return new JsonNumber(value);
    }

    static JsonArray array(List<? extends JsonValue> elements) {
        return new JsonArray(List.copyOf(elements));
    }
}

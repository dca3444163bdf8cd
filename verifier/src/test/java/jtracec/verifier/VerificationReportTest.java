package jtracec.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Note;
import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonObject;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.SourceSpan;
import jtracec.spec.source.VariableLocation;
import jtracec.spec.source.VariableTable;
import jtracec.verifier.report.JsonReport;
import jtracec.verifier.report.SarifReport;
import jtracec.verifier.report.SarifShape;
import org.junit.jupiter.api.Test;

/**
 * The machine-readable reports: the JSON shape verifier/README.md documents, and SARIF logs
 * checked against the required members and value constraints of the SARIF 2.1.0 schema
 * ({@link SarifShape}).
 */
class VerificationReportTest {
    private static final Verifier VERIFIER = new Verifier(VerifierOptions.defaults());
    private static final SarifReport.Tool TOOL = new SarifReport.Tool("jtracec", "0.1.0", Optional.of(URI.create("https://example.org/jtracec")));

    /** A map value read at r6 in [0, 128) of a 64-byte value: refuted at pc 10, line 11 of the case. */
    private static final String OUT_OF_BOUNDS = """
            -- maps
            hash key 8 value 64 name @buf
            -- asm
            ldxdw %r6, [%r1+112]
            and %r6, 127
            stdw [%r10-8], 0
            lddw %r1, map[0]
            mov %r2, %r10
            add %r2, -8
            call 1
            jeq %r0, 0, out
            add %r0, %r6
            ldxb %r0, [%r0+0]
            out:
            mov %r0, 0
            exit
            -- expect
            refuted InBounds at pc 10
            """;

    private static final String WARNED = """
            -- asm
            ldxdw %r2, [%r1+0]
            ldxdw %r3, [%r1+8]
            div %r2, %r3
            mov %r0, %r2
            exit
            -- expect
            accepted
            """;

    private static VerificationReport verify(String name, String text) {
        return VERIFIER.verify(VerifierCase.parse(name, text).object(), TestTarget.FULL);
    }

    private static JsonObject parse(JsonValue value) {
        var text = new StringBuilder();
        value.write(text);
        return JsonValue.parse(text.toString()).asObject();
    }

    @Test
    void jsonNamesTheFailingInstructionSpanAndCounterexample() {
        JsonObject root = parse(verify("oob.bt", OUT_OF_BOUNDS).json("oob.bt"));
        assertEquals("jtracec-verify-1", root.get("format").asString());
        assertEquals("oob.bt", root.get("source").asString());
        assertFalse(root.get("proved").asBoolean());
        JsonObject program = root.get("programs").asArray().get(0).asObject();
        assertEquals(1, program.get("obligations").asObject().get("refuted").asLong());
        assertTrue(program.get("obligations").asObject().get("proved").asLong() > 0);
        List<JsonValue> diagnostics = program.get("diagnostics").asArray();
        assertEquals(1, diagnostics.size());
        JsonObject d = diagnostics.get(0).asObject();
        assertEquals("error", d.get("severity").asString());
        assertEquals("E0301", d.get("code").asString());
        assertEquals(10, d.get("pc").asLong());
        assertEquals("r0 = *(u8 *)(r0 +0)", d.get("instruction").asString());
        assertEquals("InBounds", d.get("obligation").asString());
        assertEquals("refuted", d.get("verdict").asString());
        assertEquals(11, d.get("span").asObject().get("line").asLong());
        JsonObject counterexample = d.get("counterexample").asObject();
        long r6 = counterexample.get("values").asArray().stream().map(JsonValue::asObject)
                .filter(v -> v.get("name").asString().equals("r6")).findFirst().orElseThrow().get("value").asLong();
        assertTrue(r6 >= 64 && r6 < 128, "r6 = " + r6 + " must put the read past the 64-byte value");
        assertTrue(counterexample.get("inputs").asArray().stream().map(JsonValue::asObject)
                .anyMatch(i -> i.get("kind").asString().equals("context") && i.get("offset").asLong() == 112));
    }

    @Test
    void jsonOfAProvedProgramHasNoDiagnostics() {
        JsonObject root = parse(verify("ok.bt", "-- asm\nmov %r0, 0\nexit\n-- expect\naccepted\n").json("ok.bt"));
        assertTrue(root.get("proved").asBoolean());
        JsonObject program = root.get("programs").asArray().get(0).asObject();
        assertTrue(program.get("diagnostics").asArray().isEmpty());
        assertEquals(0, program.get("obligations").asObject().get("refuted").asLong());
    }

    @Test
    void sarifOfARefutationHasTheSchemasRequiredShape() {
        JsonObject log = parse(verify("oob.bt", OUT_OF_BOUNDS).sarif("oob.bt", TOOL, 1));
        SarifShape.check(log);
        JsonObject run = log.get("runs").asArray().get(0).asObject();
        JsonObject result = run.get("results").asArray().get(0).asObject();
        assertEquals("E0301", result.get("ruleId").asString());
        assertEquals("error", result.get("level").asString());
        assertTrue(result.get("message").asObject().get("text").asString().contains("when r6 = "));
        JsonObject region = result.get("locations").asArray().get(0).asObject().get("physicalLocation").asObject().get("region").asObject();
        assertEquals(11, region.get("startLine").asLong());
        assertEquals(1, region.get("startColumn").asLong());
        assertEquals(2, region.get("endColumn").asLong());
        JsonObject properties = result.get("properties").asObject();
        assertEquals(10, properties.get("pc").asLong());
        assertTrue(properties.get("counterexample").asObject().get("values").asArray().size() > 0);
        assertEquals(1, run.get("invocations").asArray().get(0).asObject().get("exitCode").asLong());
        assertEquals("https://example.org/jtracec", run.get("tool").asObject().get("driver").asObject().get("informationUri").asString());
    }

    @Test
    void sarifWarningsKeepTheProgramLoadable() {
        var report = verify("div.bt", WARNED);
        assertTrue(report.isProved());
        JsonObject log = parse(report.sarif("div.bt", TOOL, 0));
        SarifShape.check(log);
        JsonObject result = log.get("runs").asArray().get(0).asObject().get("results").asArray().get(0).asObject();
        assertEquals("E0309", result.get("ruleId").asString());
        assertEquals("warning", result.get("level").asString());
    }

    @Test
    void sarifArtifactUrisAreUriReferences() {
        JsonObject log = parse(verify("my script:1.bt", OUT_OF_BOUNDS).sarif("my script:1.bt", TOOL, 1));
        SarifShape.check(log);
        String uri = log.get("runs").asArray().get(0).asObject().get("artifacts").asArray().get(0).asObject()
                .get("location").asObject().get("uri").asString();
        assertEquals("./my%20script:1.bt", uri);
    }

    /** OUT_OF_BOUNDS with a variable table as codegen writes one: r6 holds $i from pc 2 on. */
    private static BpfObject withVariableI() {
        BpfObject object = VerifierCase.parse("oob.bt", OUT_OF_BOUNDS).object();
        BpfProgram p = object.programs().get(0);
        var slots = new java.util.ArrayList<List<VariableLocation>>();
        for (int pc = 0; pc < p.insns().size(); pc++) {
            slots.add(pc >= 2 ? List.of(new VariableLocation(new VariableLocation.Register(6), List.of("$i"))) : List.of());
        }
        var named = new BpfProgram(p.name(), p.probe(), p.type(), p.sites(), p.insns(), p.lines(), new VariableTable(slots), p.span());
        return new BpfObject(object.sourceName(), List.of(named), object.maps(), object.printfs());
    }

    @Test
    void aRegisterTheVariableTableNamesIsShownByItsScriptName() {
        var report = VERIFIER.verify(withVariableI(), TestTarget.FULL);
        String note = report.diagnostics().get(0).notes().get(0).message();
        assertTrue(note.startsWith("when $i = "), note);
        assertFalse(note.contains("r6"), note);
        JsonObject counterexample = parse(report.json("oob.bt")).get("programs").asArray().get(0).asObject()
                .get("diagnostics").asArray().get(0).asObject().get("counterexample").asObject();
        long i = counterexample.get("values").asArray().stream().map(JsonValue::asObject)
                .filter(v -> v.get("name").asString().equals("$i")).findFirst().orElseThrow().get("value").asLong();
        assertTrue(i >= 64 && i < 128, "$i = " + i);
        JsonObject sarif = parse(report.sarif("oob.bt", TOOL, 1));
        SarifShape.check(sarif);
        assertTrue(sarif.get("runs").asArray().get(0).asObject().get("results").asArray().get(0).asObject()
                .get("message").asObject().get("text").asString().contains("when $i = "));
        assertTrue(report.explain().contains("; variables: $i in r6"), report.explain());
    }

    @Test
    void withoutAVariableTableRegistersKeepTheirNames() {
        String note = verify("oob.bt", OUT_OF_BOUNDS).diagnostics().get(0).notes().get(0).message();
        assertTrue(note.startsWith("when r6 = "), note);
    }

    /** A syntax error and a semantic error with a note, as the compiler would report them (codes are the compiler's). */
    private static final List<Diagnostic> COMPILE_ERRORS = List.of(
            Diagnostic.error(() -> "E0101", new SourceSpan("bad.bt", 2, 5, 2, 6), "expected ';' here"),
            Diagnostic.error(() -> "E0204", new SourceSpan("bad.bt", 3, 7, 3, 13), "map @start is read but never written")
                    .withNote(Note.at(new SourceSpan("bad.bt", 1, 1, 1, 4), "the probe is here"))
                    .withHelp("write @start in another probe"),
            Diagnostic.error(() -> "E0101", new SourceSpan("bad.bt", 4, 1, 4, 2), "unexpected '}'"));

    @Test
    void jsonOfAScriptThatDidNotCompileHasItsDiagnosticsAndNoPrograms() {
        JsonObject root = parse(new JsonReport().writeCompileFailure("bad.bt", COMPILE_ERRORS));
        assertEquals("jtracec-verify-1", root.get("format").asString());
        assertEquals("bad.bt", root.get("source").asString());
        assertFalse(root.get("proved").asBoolean());
        assertTrue(root.get("programs").asArray().isEmpty());
        List<JsonValue> diagnostics = root.get("diagnostics").asArray();
        assertEquals(3, diagnostics.size());
        JsonObject second = diagnostics.get(1).asObject();
        assertEquals("E0204", second.get("code").asString());
        assertEquals("error", second.get("severity").asString());
        assertEquals(3, second.get("span").asObject().get("line").asLong());
        assertEquals(7, second.get("span").asObject().get("column").asLong());
        assertEquals(1, second.get("notes").asArray().get(0).asObject().get("span").asObject().get("line").asLong());
        assertEquals("write @start in another probe", second.get("help").asString());
    }

    @Test
    void sarifOfAScriptThatDidNotCompileHasAResultPerDiagnosticUnderItsOwnRule() {
        JsonObject log = parse(new SarifReport(TOOL).writeCompileFailure("bad.bt", COMPILE_ERRORS, 1));
        SarifShape.check(log);
        JsonObject run = log.get("runs").asArray().get(0).asObject();
        List<JsonValue> results = run.get("results").asArray();
        assertEquals(3, results.size());
        assertEquals(List.of("E0101", "E0204", "E0101"), results.stream().map(r -> r.asObject().get("ruleId").asString()).toList());
        assertEquals(results.get(0).asObject().get("ruleIndex").asLong(), results.get(2).asObject().get("ruleIndex").asLong());
        JsonObject region = results.get(1).asObject().get("locations").asArray().get(0).asObject()
                .get("physicalLocation").asObject().get("region").asObject();
        assertEquals(3, region.get("startLine").asLong());
        assertEquals(7, region.get("startColumn").asLong());
        assertEquals(13, region.get("endColumn").asLong());
        assertEquals(1, results.get(1).asObject().get("relatedLocations").asArray().size());
        assertEquals(1, run.get("invocations").asArray().get(0).asObject().get("exitCode").asLong());
    }
}

package jtracec.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonObject;
import jtracec.verifier.report.SarifReport;
import org.junit.jupiter.api.Test;

/**
 * The machine-readable reports: the JSON shape verifier/README.md documents, and SARIF logs
 * checked against the required members and value constraints of the SARIF 2.1.0 schema
 * (sarif-schema-2.1.0.json), written out here as shape checks since tests have no network.
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
        checkSarif(log);
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
        checkSarif(log);
        JsonObject result = log.get("runs").asArray().get(0).asObject().get("results").asArray().get(0).asObject();
        assertEquals("E0309", result.get("ruleId").asString());
        assertEquals("warning", result.get("level").asString());
    }

    @Test
    void sarifArtifactUrisAreUriReferences() {
        JsonObject log = parse(verify("my script:1.bt", OUT_OF_BOUNDS).sarif("my script:1.bt", TOOL, 1));
        checkSarif(log);
        String uri = log.get("runs").asArray().get(0).asObject().get("artifacts").asArray().get(0).asObject()
                .get("location").asObject().get("uri").asString();
        assertEquals("./my%20script:1.bt", uri);
    }

    /** The members sarif-schema-2.1.0.json requires and the constraints it puts on the values we write. */
    private static void checkSarif(JsonObject log) {
        assertEquals("2.1.0", log.get("version").asString());
        assertTrue(log.get("$schema").asString().startsWith("https://"));
        List<JsonValue> runs = log.get("runs").asArray();
        assertFalse(runs.isEmpty());
        for (JsonValue r : runs) {
            JsonObject run = r.asObject();
            JsonObject driver = run.get("tool").asObject().get("driver").asObject();
            assertFalse(driver.get("name").asString().isEmpty());
            driver.get("version").asString();
            List<JsonValue> rules = driver.get("rules").asArray();
            var ids = new HashSet<String>();
            for (JsonValue rule : rules) {
                JsonObject descriptor = rule.asObject();
                assertTrue(ids.add(descriptor.get("id").asString()), "rule ids are unique");
                assertFalse(descriptor.get("shortDescription").asObject().get("text").asString().isEmpty());
                assertFalse(descriptor.get("help").asObject().get("text").asString().isEmpty());
                assertTrue(List.of("none", "note", "warning", "error")
                        .contains(descriptor.get("defaultConfiguration").asObject().get("level").asString()));
            }
            for (String code : List.of("E0301", "E0302", "E0303", "E0304", "E0305", "E0306", "E0307", "E0308", "E0309")) {
                assertTrue(ids.contains(code), "a rule for " + code);
            }
            for (JsonValue i : run.get("invocations").asArray()) i.asObject().get("executionSuccessful").asBoolean();
            for (JsonValue a : run.get("artifacts").asArray()) URI.create(a.asObject().get("location").asObject().get("uri").asString());
            for (JsonValue value : run.get("results").asArray()) checkResult(value.asObject(), rules);
        }
    }

    private static void checkResult(JsonObject result, List<JsonValue> rules) {
        String ruleId = result.get("ruleId").asString();
        long index = result.get("ruleIndex").asLong();
        assertTrue(index >= 0 && index < rules.size());
        assertEquals(ruleId, rules.get((int) index).asObject().get("id").asString(), "ruleIndex points at ruleId's rule");
        assertTrue(List.of("none", "note", "warning", "error").contains(result.get("level").asString()));
        assertFalse(result.get("message").asObject().get("text").asString().isEmpty());
        for (JsonValue l : result.get("locations").asArray()) {
            checkPhysical(l.asObject().get("physicalLocation").asObject());
        }
        if (result.members().containsKey("relatedLocations")) {
            for (JsonValue l : result.get("relatedLocations").asArray()) {
                assertTrue(l.asObject().get("id").asLong() >= -1);
                checkPhysical(l.asObject().get("physicalLocation").asObject());
            }
        }
        result.get("properties").asObject();
    }

    private static void checkPhysical(JsonObject physical) {
        URI.create(physical.get("artifactLocation").asObject().get("uri").asString());
        if (!physical.members().containsKey("region")) return;
        JsonObject region = physical.get("region").asObject();
        long startLine = region.get("startLine").asLong(), startColumn = region.get("startColumn").asLong();
        long endLine = region.get("endLine").asLong(), endColumn = region.get("endColumn").asLong();
        assertTrue(startLine >= 1 && startColumn >= 1 && endLine >= startLine && endColumn >= 1);
        assertTrue(endLine > startLine || endColumn >= startColumn);
    }
}

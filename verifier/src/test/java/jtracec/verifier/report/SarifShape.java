package jtracec.verifier.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonObject;

/**
 * The required members and value constraints of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json)
 * for what jtracec writes, as shape checks since tests have no network. Shared with cli's tests
 * through this module's test jar.
 */
public final class SarifShape {
    private SarifShape() {}

    /** The members sarif-schema-2.1.0.json requires and the constraints it puts on the values we write. */
    public static void check(JsonObject log) {
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

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code jtracec --verify} in its three formats, against this machine's kernel as the target. */
@Tag("kernel")
class VerifyOutputTest {
    private static final String TERNARY_KEY = "tracepoint:syscalls:sys_exit_read { @[args->ret > 0 ? \"ok\" : \"err\"] = count(); }";
    private static final String DIVISION = "tracepoint:syscalls:sys_enter_openat { @ = 100 / args->flags; }";

    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    @Test
    void aStringKeyChosenByATernaryIsProved() {
        var result = Jtracec.run("--verify", "-e", TERNARY_KEY);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("obligations proven ("), result.out());
    }

    @Test
    void divisionByAnArgumentIsAWarningAndStillExitsZero() {
        var result = Jtracec.run("--verify", "-e", DIVISION);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("warning[E0309]"), result.err());
        assertTrue(result.out().contains("1 with a warning"), result.out());
    }

    @Test
    void jsonIsOneDocumentOnStandardOutput() {
        var result = Jtracec.run("--verify", "-f", "json", "-e", DIVISION);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject root = JsonValue.parse(result.out()).asObject();
        assertEquals("jtracec-verify-1", root.get("format").asString());
        assertTrue(root.get("proved").asBoolean());
        JsonObject diagnostic = root.get("programs").asArray().get(0).asObject().get("diagnostics").asArray().get(0).asObject();
        assertEquals("E0309", diagnostic.get("code").asString());
        assertEquals(1, diagnostic.get("span").asObject().get("line").asLong());
    }

    @Test
    void sarifIsOneLogOnStandardOutput() {
        var result = Jtracec.run("--verify", "-f", "sarif", "-e", DIVISION);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject log = JsonValue.parse(result.out()).asObject();
        assertEquals("2.1.0", log.get("version").asString());
        JsonObject run = log.get("runs").asArray().get(0).asObject();
        assertEquals("jtracec", run.get("tool").asObject().get("driver").asObject().get("name").asString());
        assertTrue(run.get("invocations").asArray().get(0).asObject().get("executionSuccessful").asBoolean());
        JsonObject result0 = run.get("results").asArray().get(0).asObject();
        assertEquals("warning", result0.get("level").asString());
        assertEquals(1, result0.get("locations").asArray().get(0).asObject().get("physicalLocation").asObject()
                .get("region").asObject().get("startLine").asLong());
    }
}

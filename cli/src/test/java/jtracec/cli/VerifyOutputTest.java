package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jtracec.spec.json.JsonValue;
import jtracec.spec.json.JsonValue.JsonObject;
import jtracec.verifier.report.SarifShape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code jtracec --verify} in its three formats, against this machine's kernel as the target. */
@Tag("kernel")
class VerifyOutputTest {
    private static final String TERNARY_KEY = "tracepoint:syscalls:sys_exit_read { @[args->ret > 0 ? \"ok\" : \"err\"] = count(); }";
    private static final String DIVISION = "tracepoint:syscalls:sys_enter_openat { @ = 100 / args->flags; }";
    private static final String DIVISION_BY_VARIABLE = "tracepoint:syscalls:sys_enter_openat { $d = args->flags & 7; $i = args->mode & 15; @[$i] = 100 / $d; }";
    private static final String SYNTAX_ERROR = "tracepoint:syscalls:sys_enter_openat { @ = count() }\nBEGIN { $x = ; }";
    private static final String SEMANTIC_ERROR = "tracepoint:syscalls:sys_enter_openat {\n  @ = $never;\n}";

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

    @Test
    void aCounterexampleNamesTheScriptVariableNotItsRegister() {
        var result = Jtracec.run("--verify", "-e", DIVISION_BY_VARIABLE);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("warning[E0309]: division by $d, which may be zero"), result.err());
        assertTrue(result.err().contains("note: when $d = 0"), result.err());
        var explained = Jtracec.run("--verify", "--explain", "-e", DIVISION_BY_VARIABLE);
        assertTrue(explained.out().contains("; variables: $d in r"), explained.out());
        var json = JsonValue.parse(Jtracec.run("--verify", "-f", "json", "-e", DIVISION_BY_VARIABLE).out()).asObject();
        JsonObject value = json.get("programs").asArray().get(0).asObject().get("diagnostics").asArray().get(0).asObject()
                .get("counterexample").asObject().get("values").asArray().get(0).asObject();
        assertEquals("$d", value.get("name").asString());
        assertEquals(0, value.get("value").asLong());
    }

    @Test
    void jsonOfAScriptWithASyntaxErrorIsStillAReport() {
        var result = Jtracec.run("--verify", "-f", "json", "-e", SYNTAX_ERROR);
        assertEquals(1, result.exitCode(), result.err());
        JsonObject root = JsonValue.parse(result.out()).asObject();
        assertEquals("jtracec-verify-1", root.get("format").asString());
        assertEquals(false, root.get("proved").asBoolean());
        assertTrue(root.get("programs").asArray().isEmpty());
        JsonObject diagnostic = root.get("diagnostics").asArray().get(0).asObject();
        assertTrue(diagnostic.get("code").asString().startsWith("E01"), diagnostic.toString());
        assertEquals("error", diagnostic.get("severity").asString());
        assertTrue(diagnostic.get("span").asObject().get("line").asLong() >= 1);
    }

    @Test
    void sarifOfAScriptWithASemanticErrorLocatesIt() {
        var result = Jtracec.run("--verify", "-f", "sarif", "-e", SEMANTIC_ERROR);
        assertEquals(1, result.exitCode(), result.err());
        JsonObject log = JsonValue.parse(result.out()).asObject();
        SarifShape.check(log);
        JsonObject run = log.get("runs").asArray().get(0).asObject();
        assertEquals(1, run.get("invocations").asArray().get(0).asObject().get("exitCode").asLong());
        JsonObject result0 = run.get("results").asArray().get(0).asObject();
        assertTrue(result0.get("ruleId").asString().startsWith("E02"), result0.toString());
        assertEquals("error", result0.get("level").asString());
        JsonObject region = result0.get("locations").asArray().get(0).asObject().get("physicalLocation").asObject()
                .get("region").asObject();
        assertEquals(2, region.get("startLine").asLong());
        assertEquals(7, region.get("startColumn").asLong());
    }
}

package jtracec.spec.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import jtracec.spec.isa.Assembler;
import jtracec.spec.isa.ConformanceCase;
import jtracec.spec.isa.InsnCodec;
import org.junit.jupiter.api.Test;

/** The plugin speaks upstream's protocol: program hex on stdin, memory hex in argv[1], r0 in hex out. */
class ConformancePluginTest {
    private static String spaced(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) text.append(HexFormat.of().toHexDigits(b)).append("  ");
        return text.toString();
    }

    @Test
    void theScriptRunsAConformanceFileEndToEnd() throws IOException, InterruptedException {
        Path file = ConformanceSuite.testDirectory().resolve("ldxh-all2.data");
        var test = assertInstanceOf(ConformanceCase.Parse.Parsed.class, ConformanceCase.parse(Files.readString(file))).test();
        var program = assertInstanceOf(Assembler.Assembly.Assembled.class, test.program()).insns();
        Path script = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin/bpf-conformance-plugin");
        Process process = new ProcessBuilder(script.toString(), spaced(test.memory())).start();
        process.getOutputStream().write((spaced(InsnCodec.encode(program)) + "\n").getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "plugin did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, process.exitValue(), err);
        assertEquals(test.expectedResult().orElseThrow(), Long.parseUnsignedLong(out, 16));
    }

    @Test
    void aFaultExitsOneWithTheReason() throws IOException {
        // ldxdw %r0, [%r1+0] with no memory, then exit
        String program = "79 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00";
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = ConformancePlugin.run(new String[0], new BufferedReader(new StringReader(program)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("fault at pc 0: read of 8 bytes"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theProgramMayComeAsAnArgument() throws IOException {
        var out = new ByteArrayOutputStream();
        int status = ConformancePlugin.run(new String[] {"--program", "b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00"},
                new BufferedReader(new StringReader("")), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status);
        assertEquals("2a", out.toString(StandardCharsets.UTF_8).strip());
    }
}

package jtracec.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.codegen.SkeletonScripts;
import jtracec.compiler.lower.Lowering;
import jtracec.spec.diag.Diagnostics;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class IrParserTest {
    @TestFactory
    Stream<DynamicTest> printedIrParsesBackToTheSameText() {
        var options = CompileOptions.defaults();
        return SkeletonScripts.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            IrModule module = new Lowering(options.mapEntries(), options.eventBufferBytes())
                    .lower(e.getValue(), new Diagnostics()).orElseThrow();
            String text = new IrPrinter().print(module);
            IrModule parsed = new IrParser("test.ir").parse(text);
            IrVerifier.check(parsed);
            assertEquals(text, new IrPrinter().print(parsed));
        }));
    }

    @Test
    void escapesInFormatsRoundTrip() {
        String text = """
                map #0 events ringbuf key=0 value=0 entries=4096
                printf #0 size=8 "a\\tb\\n\\"q\\"\\\\ \\x01"
                """;
        assertEquals(text, new IrPrinter().print(new IrParser("t.ir").parse(text)));
    }

    @Test
    void undefinedValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new IrParser("t.ir").parse("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  exit %1
                }
                """));
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole struct values printed and stored end to end on this machine's kernel.
 * {@code golden/struct/<case>.out} and {@code .json} are what bpftrace 0.17 printed for
 * {@code <case>.bt} here (text and {@code -f json}); jtracec must print the same bytes.
 */
@Tag("kernel")
class StructValuesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/struct");

    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    @TestFactory
    Stream<DynamicTest> scriptsPrintWhatBpftracePrinted() {
        return Stream.of("print", "map").flatMap(name -> Stream.of(
                DynamicTest.dynamicTest(name + " text", () -> assertPrintsGolden(name, ".out")),
                DynamicTest.dynamicTest(name + " json", () -> assertPrintsGolden(name, ".json", "-f", "json"))));
    }

    private static void assertPrintsGolden(String name, String extension, String... options) throws IOException {
        KernelRequirement.require();
        var args = new ArrayList<>(List.of(options));
        args.add(GOLDEN.resolve(name + ".bt").toString());
        var result = Jtracec.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(Files.readString(GOLDEN.resolve(name + extension), StandardCharsets.UTF_8), result.out());
    }
}

package jtracec.loader.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code golden/print/printf-glibc.tsv} holds what glibc's snprintf printed for each conversion and
 * 64-bit argument (format, value, output), read as byte text (see {@link Values}); integer rows pass
 * the value as bpftrace does, in a 64-bit register, and string rows start with S.
 */
class CFormatTest {
    @TestFactory
    List<DynamicTest> everyConversionMatchesGlibc() throws IOException {
        String table;
        try (var in = CFormatTest.class.getResourceAsStream("/golden/print/printf-glibc.tsv")) {
            table = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        var tests = new ArrayList<DynamicTest>();
        for (var line : table.split("\n")) {
            var columns = line.split("\t", -1);
            var format = columns[0];
            // the table was printed with %s, so a %c of 0 ended its line early
            if (format.equals("%c") && (Long.parseLong(columns[1]) & 0xff) == 0) continue;
            tests.add(DynamicTest.dynamicTest(format + " of " + columns[1], () -> {
                if (format.startsWith("S")) {
                    var parsed = CFormat.parse(format.substring(1), 0);
                    assertEquals(columns[2], parsed.format().formatText(columns[1]) + format.substring(1).substring(parsed.end()));
                } else {
                    var parsed = CFormat.parse(format, 0);
                    assertEquals(columns[2], parsed.format().formatInteger(Long.parseLong(columns[1])) + format.substring(parsed.end()));
                }
            }));
        }
        return tests;
    }
}

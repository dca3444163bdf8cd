package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** JTRACEC_TIMING=1 prints one line per stage, counted from the launcher's start; otherwise nothing. */
class StartupTimesTest {
    @Test
    void bashEpochRealTimeReadsAsMicroseconds() {
        assertEquals(Optional.of(1795327024223938L), StartupTimes.epochMicros("1795327024.223938"));
        assertEquals(Optional.of(1795327024223938L), StartupTimes.epochMicros("1795327024,223938"));
        assertEquals(Optional.empty(), StartupTimes.epochMicros(""));
        assertEquals(Optional.empty(), StartupTimes.epochMicros(null));
        assertEquals(Optional.empty(), StartupTimes.epochMicros("soon"));
    }

    @Test
    void timesAreSilentUnlessAskedFor() {
        var err = new ByteArrayOutputStream();
        var times = StartupTimes.from(Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
        times.mark("main");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachStageIsCountedFromTheLauncherStart() {
        var err = new ByteArrayOutputStream();
        long now = System.currentTimeMillis() * 1000;
        var environment = Map.of(StartupTimes.ENABLE, "1",
                StartupTimes.LAUNCHED, epoch(now - 300_000), StartupTimes.JAVA_STARTED, epoch(now - 200_000));
        var times = StartupTimes.from(environment, new PrintStream(err, true, StandardCharsets.UTF_8));
        times.mark("main");
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, err.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].matches("jtracec: timing: launcher script +100\\.0 ms \\(\\+100\\.0\\)"), lines[0]);
        assertTrue(lines[1].startsWith("jtracec: timing: main"), lines[1]);
        double main = Double.parseDouble(lines[1].replaceAll(".*main +([0-9.]+) ms.*", "$1"));
        assertTrue(main >= 300 && main < 60_000, lines[1]);
    }

    private static String epoch(long micros) {
        return "%d.%06d".formatted(micros / 1_000_000, micros % 1_000_000);
    }
}

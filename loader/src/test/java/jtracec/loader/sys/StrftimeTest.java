package jtracec.loader.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Year;
import org.junit.jupiter.api.Test;

class StrftimeTest {
    private final Strftime strftime = new Strftime();

    @Test
    void formatsTheLocalTimeWithTheCLibrary() {
        assertEquals(Integer.toString(Year.now().getValue()), strftime.now("%Y"));
        assertTrue(strftime.now("%H:%M:%S\n").matches("\\d\\d:\\d\\d:\\d\\d\n"));
    }

    @Test
    void aResultLongerThanBpftracesBufferPrintsNothing() {
        assertEquals("", strftime.now("%Y".repeat(40)));
    }

    @Test
    void aTimestampIsBootTimePlusNanosecondsWithMicrosecondsForPercentF() {
        var boot = new Strftime.BootTime(1000, 999_999_000);
        // 999_999_000 + 2_000 ns carries into the next second: 1001 s and 1 µs
        assertEquals("1001.000001", strftime.timestamp("%s.%f", 2_000, boot));
        assertEquals("1000.999999 %", strftime.timestamp("%s.%f %%", 0, boot));
    }

    @Test
    void aTimestampTooLongForBpftracesBufferIsAQuestionMark() {
        assertEquals("(?)", strftime.timestamp("%Y".repeat(40), 0, new Strftime.BootTime(0, 0)));
    }

    @Test
    void bootTimeIsInThePast() {
        var boot = Strftime.bootTime().orElseThrow();
        assertTrue(boot.seconds() > 0 && boot.seconds() <= System.currentTimeMillis() / 1000, boot.toString());
        assertTrue(boot.nanos() >= 0 && boot.nanos() < 1_000_000_000, boot.toString());
    }
}

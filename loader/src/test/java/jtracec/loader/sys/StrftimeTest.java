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
}

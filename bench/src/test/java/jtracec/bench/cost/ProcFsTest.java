package jtracec.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcFsTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void thisJvmHasAPeakRssAndNoBpfPrograms() {
        assertTrue(ProcFs.peakRssKib(SELF).orElseThrow() > 1024);
        assertEquals(List.of(), ProcFs.programs(SELF));
    }

    @Test
    void aProcessThatIsGoneReadsAsEmpty() {
        assertTrue(ProcFs.peakRssKib(Integer.MAX_VALUE).isEmpty());
        assertEquals(0, ProcFs.attachmentFds(Integer.MAX_VALUE));
    }
}

package jtracec.spec.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sizes BPF_MAP_CREATE accepts, as the differential campaign measured them on Linux 6.18. */
class MapTypeTest {
    @Test
    void arraysAndStackTraceMapsNeedFourByteKeys() {
        assertTrue(MapType.ARRAY.creationFault(4, 8, 1).isEmpty());
        assertTrue(MapType.PERCPU_ARRAY.creationFault(8, 8, 1).isPresent());
        assertTrue(MapType.STACK_TRACE.creationFault(4, 127 * 8, 4096).isEmpty());
        assertTrue(MapType.STACK_TRACE.creationFault(12, 127 * 8, 4096).isPresent());
    }

    @Test
    void stackTraceValuesAreWholeFramesUpToTheDefaultMaximum() {
        assertTrue(MapType.STACK_TRACE.creationFault(4, 127 * 8 + 1, 4096).isPresent());
        assertTrue(MapType.STACK_TRACE.creationFault(4, 128 * 8, 4096).isPresent());
    }

    @Test
    void hashKeysAndValuesAreNeverEmptyAndKeysFitTheStack() {
        assertTrue(MapType.HASH.creationFault(1, 1, 1).isEmpty());
        assertTrue(MapType.HASH.creationFault(0, 8, 1).isPresent());
        assertTrue(MapType.PERCPU_HASH.creationFault(8, 0, 1).isPresent());
        assertTrue(MapType.HASH.creationFault(513, 8, 1).isPresent());
    }

    @Test
    void ringBuffersArePowersOfTwoPagesWithoutKeysOrValues() {
        assertTrue(MapType.RINGBUF.creationFault(0, 0, 1 << 18).isEmpty());
        assertTrue(MapType.RINGBUF.creationFault(0, 0, 3 * 4096).isPresent());
        assertTrue(MapType.RINGBUF.creationFault(4, 0, 1 << 18).isPresent());
    }
}

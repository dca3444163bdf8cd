package jtracec.loader.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import jtracec.loader.KernelRequirement;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BpfTest {
    private final Bpf bpf = new Bpf();

    @BeforeEach
    void kernel() {
        KernelRequirement.requireBpf();
    }

    @Test
    void hashMapElementsCanBeWrittenReadListedAndDeleted() {
        try (var map = bpf.createMap(MapType.HASH.kernelValue(), 8, 8, 16, "test_hash")) {
            bpf.update(map, u64(1), u64(100), Bpf.UPDATE_ANY);
            bpf.update(map, u64(2), u64(200), Bpf.UPDATE_NO_EXIST);
            var value = new byte[8];
            assertTrue(bpf.lookup(map, u64(2), value));
            assertArrayEquals(u64(200), value);
            assertFalse(bpf.lookup(map, u64(3), value));
            assertEquals(2, bpf.keys(map, 8).size());
            assertTrue(bpf.delete(map, u64(1)));
            assertFalse(bpf.delete(map, u64(1)));
            assertEquals(1, bpf.keys(map, 8).size());
            assertEquals(Optional.empty(), bpf.nextKey(map, Optional.of(u64(2)), 8));
        }
    }

    @Test
    void perCpuArrayValuesHaveOneSlotPerPossibleCpu() {
        int cpus = new jtracec.loader.target.LiveTarget().possibleCpus();
        try (var map = bpf.createMap(MapType.PERCPU_ARRAY.kernelValue(), 4, 8, 1, "test_percpu")) {
            var value = new byte[8 * cpus];
            assertTrue(bpf.lookup(map, new byte[4], value));
            assertArrayEquals(new byte[8 * cpus], value);
        }
    }

    @Test
    void aTrivialProgramLoadsAndRunsUnderTestRun() {
        var insns = List.of(Asm.mov64(Reg.R0, 7L), Asm.exit());
        var load = bpf.loadProgram(ProgramType.RAW_TRACEPOINT.kernelValue(), insns, "test_seven");
        var loaded = assertInstanceOf(Bpf.ProgramLoad.Loaded.class, load, () -> load.toString());
        try (var program = loaded.program()) {
            assertEquals(7, bpf.testRun(program, new byte[8]));
            var info = bpf.programInfo(program);
            assertTrue(info.id() > 0);
            assertEquals("test_seven", info.name());
            assertEquals(2, info.verifiedInsns());
            assertEquals(16, info.xlatedLength());
        }
    }

    @Test
    void aRejectedProgramCarriesTheKernelVerifierLog() {
        var insns = List.of(Asm.mov64(Reg.R0, Reg.R2), Asm.exit());
        var load = bpf.loadProgram(ProgramType.RAW_TRACEPOINT.kernelValue(), insns, "test_bad");
        var rejected = assertInstanceOf(Bpf.ProgramLoad.Rejected.class, load);
        assertEquals(SystemCallException.EACCES, rejected.errno());
        assertTrue(rejected.log().contains("R2 !read_ok"), rejected.log());
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}

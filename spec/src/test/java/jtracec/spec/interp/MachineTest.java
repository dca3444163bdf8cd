package jtracec.spec.interp;

import static jtracec.spec.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.spec.helper.HelperId;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.DisassemblerTest;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;
import jtracec.spec.object.MapSpec;
import org.junit.jupiter.api.Test;

/** Maps and helpers: a trace program runs entirely inside the model on a synthetic event. */
class MachineTest {
    private static final Task TASK = new Task(1234, 1240, 1000, 100, "bash", 0, 5_000, List.of(0xffff_1000L, 0xffff_2000L, 0xffff_3000L),
            List.of(0x40_1000L), 7);

    private static MapSpec map(MapType type, int key, int value, int entries) {
        return new MapSpec("m", type, key, value, entries, Optional.empty());
    }

    private static final class Program {
        final List<Insn> insns = new ArrayList<>();

        Program add(Insn insn) {
            insns.add(insn);
            return this;
        }

        Program addAll(List<Insn> slots) {
            insns.addAll(slots);
            return this;
        }

        /** reg = r10 + offset */
        Program stackPointer(int reg, int offset) {
            return add(Asm.mov64(reg, FP_REG)).add(Asm.alu64Imm(ADD, reg, offset));
        }

        Program call(HelperId helper) {
            return add(Asm.call(helper.number()));
        }

        Executable build() {
            return Executable.of(insns);
        }
    }

    private static final int FP_REG = 10;

    private static long returned(Outcome outcome) {
        return assertInstanceOf(Outcome.Returned.class, outcome).r0();
    }

    private static long u64(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    @Test
    void aClangCompiledCounterRunsAgainstAHashMap() {
        Machine machine = Machine.of(List.of(map(MapType.HASH, 4, 8, 16)));
        Executable program = Executable.of(DisassemblerTest.program());
        Event event = Event.of(new byte[64], TASK.at(3));
        assertEquals(4, returned(machine.run(program, event)));
        assertEquals(1, u64(machine.hashMap(0).value(u32(3), 0).orElseThrow()));
        assertEquals(4, returned(machine.run(program, event)));
        assertEquals(2, u64(machine.hashMap(0).value(u32(3), 0).orElseThrow()));
        assertEquals(1, machine.hashMap(0).size());
    }

    /** map[key 1] = bpf_get_smp_processor_id(), via bpf_map_update_elem */
    private static Executable storeCpuUnderKeyOne() {
        return new Program()
                .add(Asm.storeImm(W, FP_REG, -4, 1))
                .call(HelperId.GET_SMP_PROCESSOR_ID)
                .add(Asm.store(DW, FP_REG, -16, 0))
                .addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -4)
                .stackPointer(3, -16)
                .add(Asm.mov64(4, 0L))
                .call(HelperId.MAP_UPDATE_ELEM)
                .add(Asm.exit())
                .build();
    }

    @Test
    void aPerCpuHashKeepsOneValuePerCpu() {
        Machine machine = Machine.of(List.of(map(MapType.PERCPU_HASH, 4, 8, 16)));
        Executable program = storeCpuUnderKeyOne();
        assertEquals(0, returned(machine.run(program, Event.of(new byte[0], TASK.onCpu(0)))));
        assertEquals(0, returned(machine.run(program, Event.of(new byte[0], TASK.onCpu(2)))));
        List<byte[]> values = machine.hashMap(0).values(u32(1));
        assertEquals(4, values.size());
        assertEquals(List.of(0L, 0L, 2L, 0L), values.stream().map(MachineTest::u64).toList());
    }

    /** map[key 2] = 0 */
    private static Executable storeZeroUnderKeyTwo() {
        return new Program().add(Asm.storeImm(W, FP_REG, -4, 2)).add(Asm.storeImm(DW, FP_REG, -16, 0))
                .addAll(Asm.loadMap(1, 0)).stackPointer(2, -4).stackPointer(3, -16).add(Asm.mov64(4, 0L))
                .call(HelperId.MAP_UPDATE_ELEM).add(Asm.exit()).build();
    }

    @Test
    void aFullHashRefusesNewKeysButLruEvicts() {
        Machine full = Machine.of(List.of(map(MapType.HASH, 4, 8, 1)));
        assertEquals(0, returned(full.run(storeZeroUnderKeyTwo(), Event.of(new byte[0], TASK))));
        assertEquals(MapModel.E2BIG, returned(full.run(storeCpuUnderKeyOne(), Event.of(new byte[0], TASK))));
        Machine lru = Machine.of(List.of(map(MapType.LRU_HASH, 4, 8, 1)));
        assertEquals(0, returned(lru.run(storeZeroUnderKeyTwo(), Event.of(new byte[0], TASK))));
        assertEquals(0, returned(lru.run(storeCpuUnderKeyOne(), Event.of(new byte[0], TASK))));
        assertEquals(1, lru.hashMap(0).keys().size());
        assertArrayEquals(u32(1), lru.hashMap(0).keys().get(0));
    }

    @Test
    void aBpfObjectProgramRunsWithTheObjectsMaps() {
        List<Insn> insns = DisassemblerTest.program();
        var program = BpfProgram.atOneSite("kprobe_do_sys_openat2", ProgramType.KPROBE,
                new AttachSite("kprobe:do_sys_openat2", new AttachPoint.Kprobe("do_sys_openat2", 0, AttachPoint.ProbeEnd.ENTRY)), insns,
                LineTable.unknown("counter.bt", insns.size()), SourceSpan.unknown("counter.bt"));
        var object = new BpfObject("counter.bt", List.of(program), List.of(map(MapType.HASH, 4, 8, 16)), List.of());
        Machine machine = Machine.forObject(object, Machine.Config.defaults());
        for (long time = 0; time < 16; time++) {
            assertInstanceOf(Outcome.Returned.class, machine.run(program, Event.of(new byte[0], TASK.at(time))));
        }
        assertEquals(8, machine.hashMap(0).size());
        assertEquals(2, u64(machine.hashMap(0).value(u32(5), 0).orElseThrow()));
    }

    @Test
    void aPerCpuArrayKeepsOneValuePerCpu() {
        Machine machine = Machine.of(List.of(map(MapType.PERCPU_ARRAY, 4, 8, 2)));
        assertEquals(0, returned(machine.run(storeCpuUnderKeyOne(), Event.of(new byte[0], TASK.onCpu(3)))));
        assertEquals(0, returned(machine.run(storeCpuUnderKeyOne(), Event.of(new byte[0], TASK.onCpu(1)))));
        assertEquals(List.of(0L, 1L, 0L, 3L), machine.arrayMap(0).values(1).stream().map(MachineTest::u64).toList());
        assertEquals(List.of(0L, 0L, 0L, 0L), machine.arrayMap(0).values(0).stream().map(MachineTest::u64).toList());
    }

    @Test
    void arrayElementsAlwaysExistAndCannotBeDeleted() {
        Machine machine = Machine.of(List.of(map(MapType.ARRAY, 4, 8, 4)));
        Executable lookupFive = new Program().add(Asm.storeImm(W, FP_REG, -4, 5)).addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -4).call(HelperId.MAP_LOOKUP_ELEM).add(Asm.exit()).build();
        assertEquals(0, returned(machine.run(lookupFive, Event.of(new byte[0], TASK))));
        Executable delete = new Program().add(Asm.storeImm(W, FP_REG, -4, 1)).addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -4).call(HelperId.MAP_DELETE_ELEM).add(Asm.exit()).build();
        assertEquals(MapModel.EINVAL, returned(machine.run(delete, Event.of(new byte[0], TASK))));
        // lookup of index 2, write 42 through the pointer, read it back from user space
        Executable write = new Program().add(Asm.storeImm(W, FP_REG, -4, 2)).addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -4).call(HelperId.MAP_LOOKUP_ELEM).add(Asm.jumpImm(JEQ, 0, 0, 1))
                .add(Asm.storeImm(DW, 0, 0, 42)).add(Asm.mov64(0, 0L)).add(Asm.exit()).build();
        assertEquals(0, returned(machine.run(write, Event.of(new byte[0], TASK))));
        assertEquals(42, u64(machine.arrayMap(0).value(2, 0).orElseThrow()));
    }

    @Test
    void aMapValuePointerIsBoundedByTheValueSize() {
        Machine machine = Machine.of(List.of(map(MapType.ARRAY, 4, 8, 4)));
        Executable overrun = new Program().add(Asm.storeImm(W, FP_REG, -4, 0)).addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -4).call(HelperId.MAP_LOOKUP_ELEM).add(Asm.load(DW, 0, 0, 8)).add(Asm.exit()).build();
        var fault = assertInstanceOf(Outcome.Faulted.class, machine.run(overrun, Event.of(new byte[0], TASK)));
        assertTrue(fault.reason().contains("map_value region"), fault.reason());
    }

    @Test
    void ringBufferRecordsAreWhatWasSubmitted() {
        Machine machine = Machine.of(List.of(map(MapType.RINGBUF, 0, 0, 4096)));
        Executable submit = new Program()
                .addAll(Asm.loadMap(1, 0)).add(Asm.mov64(2, 16L)).add(Asm.mov64(3, 0L)).call(HelperId.RINGBUF_RESERVE)
                .add(Asm.jumpImm(JNE, 0, 0, 1)).add(Asm.exit())
                .add(Asm.mov64(6, 0))
                .call(HelperId.GET_CURRENT_PID_TGID)
                .add(Asm.store(DW, 6, 0, 0))
                .add(Asm.storeImm(DW, 6, 8, 7))
                .add(Asm.mov64(1, 6)).add(Asm.mov64(2, 0L)).call(HelperId.RINGBUF_SUBMIT)
                .add(Asm.mov64(0, 1L)).add(Asm.exit()).build();
        assertEquals(1, returned(machine.run(submit, Event.of(new byte[0], TASK))));
        List<byte[]> records = machine.ringBuffer(0).drain();
        assertEquals(1, records.size());
        ByteBuffer record = ByteBuffer.wrap(records.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1234L << 32 | 1240, record.getLong());
        assertEquals(7, record.getLong());
    }

    @Test
    void aSubmittedReservationCannotBeWrittenAgain() {
        Machine machine = Machine.of(List.of(map(MapType.RINGBUF, 0, 0, 4096)));
        Executable program = new Program()
                .addAll(Asm.loadMap(1, 0)).add(Asm.mov64(2, 8L)).add(Asm.mov64(3, 0L)).call(HelperId.RINGBUF_RESERVE)
                .add(Asm.jumpImm(JNE, 0, 0, 1)).add(Asm.exit())
                .add(Asm.mov64(6, 0)).add(Asm.mov64(1, 6)).add(Asm.mov64(2, 0L)).call(HelperId.RINGBUF_DISCARD)
                .add(Asm.storeImm(DW, 6, 0, 1)).add(Asm.exit()).build();
        var fault = assertInstanceOf(Outcome.Faulted.class, machine.run(program, Event.of(new byte[0], TASK)));
        assertTrue(fault.reason().contains("released"), fault.reason());
        assertEquals(List.of(), machine.ringBuffer(0).records());
    }

    @Test
    void aReservationLargerThanTheBufferIsNull() {
        Machine machine = Machine.of(List.of(map(MapType.RINGBUF, 0, 0, 64)));
        Executable program = new Program().addAll(Asm.loadMap(1, 0)).add(Asm.mov64(2, 100L)).add(Asm.mov64(3, 0L))
                .call(HelperId.RINGBUF_RESERVE).add(Asm.exit()).build();
        assertEquals(0, returned(machine.run(program, Event.of(new byte[0], TASK))));
    }

    @Test
    void ringbufOutputCopiesTheData() {
        Machine machine = Machine.of(List.of(map(MapType.RINGBUF, 0, 0, 4096)));
        Executable program = new Program().add(Asm.storeImm(DW, FP_REG, -8, 99)).addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -8).add(Asm.mov64(3, 8L)).add(Asm.mov64(4, 0L)).call(HelperId.RINGBUF_OUTPUT).add(Asm.exit()).build();
        assertEquals(0, returned(machine.run(program, Event.of(new byte[0], TASK))));
        assertEquals(99, u64(machine.ringBuffer(0).records().get(0)));
    }

    @Test
    void taskHelpersReportTheSyntheticTask() {
        Machine machine = Machine.of(List.of());
        Executable comm = new Program().stackPointer(1, -16).add(Asm.mov64(2, 16L)).call(HelperId.GET_CURRENT_COMM)
                .add(Asm.load(DW, 0, FP_REG, -16)).add(Asm.exit()).build();
        long name = returned(machine.run(comm, Event.of(new byte[0], TASK)));
        assertEquals("bash", new String(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(name).array()).trim().replace("\0", ""));
        Executable time = new Program().call(HelperId.KTIME_GET_NS).add(Asm.exit()).build();
        assertEquals(5_000, returned(machine.run(time, Event.of(new byte[0], TASK))));
        Executable uid = new Program().call(HelperId.GET_CURRENT_UID_GID).add(Asm.exit()).build();
        assertEquals(100L << 32 | 1000, returned(machine.run(uid, Event.of(new byte[0], TASK))));
    }

    @Test
    void prandomIsDeterministicPerSeed() {
        Executable program = new Program().call(HelperId.GET_PRANDOM_U32).add(Asm.exit()).build();
        long first = returned(Machine.of(List.of()).run(program, Event.of(new byte[0], TASK)));
        long second = returned(Machine.of(List.of()).run(program, Event.of(new byte[0], TASK)));
        assertEquals(first, second);
        assertTrue(first >= 0 && first <= 0xffff_ffffL);
    }

    /** bpf_probe_read_kernel(r10-8, 8, address) and return what was read, or the error */
    private static Executable probeRead(long address) {
        return new Program().stackPointer(1, -8).add(Asm.mov64(2, 8L)).addAll(Asm.lddw(3, address))
                .call(HelperId.PROBE_READ_KERNEL).add(Asm.jumpImm(JNE, 0, 0, 1)).add(Asm.load(DW, 0, FP_REG, -8)).add(Asm.exit()).build();
    }

    @Test
    void probeReadCopiesEventMemoryOrFails() {
        long address = 0xffff_8880_1234_0000L;
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(77).putLong(88).array();
        Event event = Event.of(new byte[0], TASK).withMemory(List.of(new Event.Segment(address, bytes)));
        Machine machine = Machine.of(List.of());
        assertEquals(88, returned(machine.run(probeRead(address + 8), event)));
        assertEquals(MapModel.EFAULT, returned(machine.run(probeRead(address + 9), event)));
    }

    @Test
    void probeReadStrStopsAtTheNul() {
        long address = 0x7fff_0000L;
        Event event = Event.of(new byte[0], TASK).withMemory(List.of(new Event.Segment(address, "hi\0junk".getBytes())));
        Executable program = new Program().stackPointer(1, -16).add(Asm.mov64(2, 16L)).addAll(Asm.lddw(3, address))
                .call(HelperId.PROBE_READ_USER_STR).add(Asm.exit()).build();
        assertEquals(3, returned(Machine.of(List.of()).run(program, event)));
    }

    @Test
    void getStackidGivesOneIdPerStack() {
        Machine machine = Machine.of(List.of(map(MapType.STACK_TRACE, 4, 8 * 127, 1024)));
        Executable program = new Program().add(Asm.mov64(6, 1)).addAll(Asm.loadMap(2, 0)).add(Asm.mov64(3, 0L))
                .call(HelperId.GET_STACKID).add(Asm.exit()).build();
        long first = returned(machine.run(program, Event.of(new byte[0], TASK)));
        long second = returned(machine.run(program, Event.of(new byte[0], TASK)));
        assertEquals(first, second);
        assertEquals(TASK.kernelStack(), machine.stackTraces(0).stack((int) first).orElseThrow());
    }

    @Test
    void aHelperGivenANonMapFaults() {
        Executable program = new Program().add(Asm.mov64(1, 0L)).stackPointer(2, -8).call(HelperId.MAP_LOOKUP_ELEM).add(Asm.exit()).build();
        var fault = assertInstanceOf(Outcome.Faulted.class, Machine.of(List.of()).run(program, Event.of(new byte[0], TASK)));
        assertTrue(fault.reason().contains("not a map"), fault.reason());
    }

    @Test
    void perfEventOutputRecordsTheDataAndTheCpu() {
        Machine machine = Machine.of(List.of(map(MapType.PERF_EVENT_ARRAY, 4, 4, 4)));
        Executable program = new Program().add(Asm.storeImm(DW, FP_REG, -8, 5)).add(Asm.mov64(6, 1))
                .add(Asm.mov64(1, 6)).addAll(Asm.loadMap(2, 0)).addAll(Asm.lddw(3, 0xffff_ffffL)).stackPointer(4, -8)
                .add(Asm.mov64(5, 8L)).call(HelperId.PERF_EVENT_OUTPUT).add(Asm.exit()).build();
        assertEquals(0, returned(machine.run(program, Event.of(new byte[8], TASK.onCpu(3)))));
        var record = machine.perfEvents(0).records().get(0);
        assertEquals(3, record.cpu());
        assertEquals(5, u64(record.data()));
    }

    @Test
    void getStackCopiesFramesAfterTheSkippedOnes() {
        Executable program = new Program().add(Asm.mov64(6, 1)).add(Asm.mov64(1, 6)).stackPointer(2, -32)
                .add(Asm.mov64(3, 32L)).add(Asm.mov64(4, 1L)).call(HelperId.GET_STACK)
                .add(Asm.load(DW, 1, FP_REG, -32)).add(Asm.alu64(ADD, 0, 1)).add(Asm.exit()).build();
        // 2 frames after skipping 1: 16 bytes, first frame 0xffff2000
        assertEquals(16 + 0xffff_2000L, returned(Machine.of(List.of()).run(program, Event.of(new byte[8], TASK))));
    }

    @Test
    void lookupPercpuElemReadsAnotherCpusSlot() {
        Machine machine = Machine.of(List.of(map(MapType.PERCPU_ARRAY, 4, 8, 2)));
        assertEquals(0, returned(machine.run(storeCpuUnderKeyOne(), Event.of(new byte[0], TASK.onCpu(2)))));
        Executable readCpuTwo = new Program().add(Asm.storeImm(W, FP_REG, -4, 1)).addAll(Asm.loadMap(1, 0))
                .stackPointer(2, -4).add(Asm.mov64(3, 2L)).call(HelperId.MAP_LOOKUP_PERCPU_ELEM)
                .add(Asm.jumpImm(JEQ, 0, 0, 1)).add(Asm.load(DW, 0, 0, 0)).add(Asm.exit()).build();
        assertEquals(2, returned(machine.run(readCpuTwo, Event.of(new byte[0], TASK.onCpu(0)))));
    }

    @Test
    void tracePrintkLogsTheFormat() {
        Machine machine = Machine.of(List.of());
        Executable program = new Program().add(Asm.storeImm(W, FP_REG, -8, 0x216968)).stackPointer(1, -8).add(Asm.mov64(2, 4L))
                .call(HelperId.TRACE_PRINTK).add(Asm.exit()).build();
        assertEquals(3, returned(machine.run(program, Event.of(new byte[0], TASK))));
        assertEquals(List.of("hi!"), machine.printkLog());
    }

    @Test
    void directMapValueAccessPointsIntoTheArray() {
        Machine machine = Machine.of(List.of(map(MapType.ARRAY, 4, 16, 1)));
        Executable program = new Program().add(new Insn(LD | DW | IMM, 1, PSEUDO_MAP_VALUE, 0, 0)).add(new Insn(0, 0, 0, 0, 8))
                .add(Asm.storeImm(DW, 1, 0, 5)).add(Asm.mov64(0, 0L)).add(Asm.exit()).build();
        assertEquals(0, returned(machine.run(program, Event.of(new byte[0], TASK))));
        assertArrayEquals(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(5).array(),
                machine.arrayMap(0).value(0, 0).orElseThrow());
    }
}

package jtracec.loader.target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.loader.btf.BtfReader;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.MappedMemory;
import jtracec.loader.sys.PerfEvent;
import jtracec.loader.sys.SystemCallException;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;

/**
 * Decides features the file system does not show by asking the kernel, as {@code bpftool feature
 * probe} does: load a two-instruction program, create a small map, open a counter. Every probe
 * closes what it opened; any failure means "not supported", including a libc that JNA cannot reach.
 */
final class FeatureProbe {
    private static final int HELPER_PROBE_WRITE_USER = 36;
    private static final int HELPER_MAP_LOOKUP_ELEM = 1;
    private static final long PERF_COUNT_HW_CPU_CYCLES = 0;

    private final Bpf bpf = new Bpf();
    private final PerfEvent perf = new PerfEvent();

    boolean rawTracepoint() {
        return isReachable() && loads(ProgramType.RAW_TRACEPOINT, returnZero(), 0, 0).map(this::close).orElse(false);
    }

    boolean ringBuffer() {
        if (!isReachable()) return false;
        try (var map = bpf.createMap(MapType.RINGBUF.kernelValue(), 0, 0, 4096, "probe_ringbuf")) {
            return map.value() >= 0;
        } catch (SystemCallException e) {
            return false;
        }
    }

    boolean hardwareCounter() {
        if (!isReachable()) return false;
        try (var event = perf.open(PerfEvent.Attributes.of(PerfEvent.TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES)
                .withFlagBits(PerfEvent.BIT_DISABLED), 0, -1)) {
            return event.value() >= 0;
        } catch (SystemCallException e) {
            return false;
        }
    }

    /** Under lockdown=integrity the verifier does not know helper 36 (bpf_get_probe_write_proto() gives none). */
    boolean probeWriteUser() {
        if (!isReachable()) return false;
        var insns = new ArrayList<Insn>();
        insns.add(Asm.storeImm(Opcodes.DW, Reg.FP, -8, 0));
        insns.add(Asm.mov64(Reg.R1, 0L));
        insns.add(Asm.mov64(Reg.R2, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -8));
        insns.add(Asm.mov64(Reg.R3, 8L));
        insns.add(Asm.call(HELPER_PROBE_WRITE_USER));
        insns.addAll(returnZero());
        return loads(ProgramType.TRACEPOINT, insns, 0, 0).map(this::close).orElse(false);
    }

    /**
     * Whether the kernel's verifier lets a program read an array map's value through the pointer a
     * lookup with the constant key 0 returned, without checking it for null (Linux 6.14).
     */
    boolean constantKeyArrayLookup() {
        if (!isReachable()) return false;
        try (var map = bpf.createMap(MapType.ARRAY.kernelValue(), 4, 8, 1, "probe_array")) {
            var insns = new ArrayList<Insn>();
            insns.add(Asm.storeImm(Opcodes.W, Reg.FP, -8, 0));
            insns.addAll(Asm.loadMap(Reg.R1, map.value())); // relocated already: the fd itself
            insns.add(Asm.mov64(Reg.R2, Reg.FP));
            insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -8));
            insns.add(Asm.call(HELPER_MAP_LOOKUP_ELEM));
            insns.add(Asm.load(Opcodes.DW, Reg.R0, Reg.R0, 0));
            insns.addAll(returnZero());
            return loads(ProgramType.TRACEPOINT, insns, 0, 0).map(this::close).orElse(false);
        } catch (SystemCallException e) {
            return false;
        }
    }

    /** fentry needs both a BTF target id at load and ftrace direct calls at attach; only attaching tells. */
    boolean fentry() {
        if (!isReachable()) return false;
        int id;
        try {
            id = BtfReader.read(Path.of("/sys/kernel/btf/vmlinux")).functionId("do_nanosleep").orElse(-1);
        } catch (IOException e) {
            return false;
        }
        if (id < 0) return false;
        var program = loads(ProgramType.TRACING, returnZero(), Bpf.ATTACH_TRACE_FENTRY, id);
        if (program.isEmpty()) return false;
        try (var loaded = program.get(); var link = bpf.openRawTracepoint(Optional.empty(), loaded)) {
            return link.value() >= 0;
        } catch (SystemCallException e) {
            return false;
        }
    }

    /**
     * kprobe_multi links (5.18) need CONFIG_FPROBE: a kernel built without it knows the attach type
     * but refuses the link with EOPNOTSUPP (older kernels: EINVAL). Tries a real link at ksys_read,
     * closed at once; a kernel that looked the name up and did not find it (ESRCH, ENOENT) has the
     * link type too.
     */
    boolean kprobeMultiLink() {
        if (!isReachable()) return false;
        var program = loads(ProgramType.KPROBE, returnZero(), Bpf.ATTACH_TRACE_KPROBE_MULTI, 0);
        if (program.isEmpty()) return false;
        try (var loaded = program.get(); var link = bpf.linkKprobeMulti(loaded, List.of("ksys_read"), 0)) {
            return link.value() >= 0;
        } catch (SystemCallException e) {
            return e.errno() == SystemCallException.ESRCH || e.errno() == SystemCallException.ENOENT;
        }
    }

    /** JNA needs its native stub and libc; a JVM without them has no BPF either. */
    private static boolean isReachable() {
        try {
            return MappedMemory.pageSize() > 0;
        } catch (LinkageError e) {
            return false;
        }
    }

    private Optional<FileDescriptor> loads(ProgramType type, List<Insn> insns, int expectedAttachType, int attachBtfId) {
        try {
            return switch (bpf.loadProgram(type.kernelValue(), insns, "probe", expectedAttachType, attachBtfId)) {
                case Bpf.ProgramLoad.Loaded loaded -> Optional.of(loaded.program());
                case Bpf.ProgramLoad.Rejected rejected -> Optional.empty();
            };
        } catch (SystemCallException e) {
            return Optional.empty();
        }
    }

    private boolean close(FileDescriptor fd) {
        fd.close();
        return true;
    }

    private static List<Insn> returnZero() {
        return List.of(Asm.mov64(Reg.R0, 0L), Asm.exit());
    }
}

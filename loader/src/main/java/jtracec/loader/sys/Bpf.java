package jtracec.loader.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.spec.isa.Insn;

/**
 * The bpf(2) commands the loader uses. Attributes are built as zeroed byte buffers at the offsets
 * of {@code union bpf_attr} in include/uapi/linux/bpf.h (checked against the 6.18 headers), so no
 * structure layout is guessed by JNA.
 */
public final class Bpf {
    private static final long SYS_BPF = 321;
    private static final int ATTR_SIZE = 144;

    private static final int MAP_CREATE = 0, MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3,
            MAP_GET_NEXT_KEY = 4, PROG_LOAD = 5, PROG_TEST_RUN = 10, OBJ_GET_INFO_BY_FD = 15,
            RAW_TRACEPOINT_OPEN = 17, LINK_CREATE = 28;
    /** enum bpf_attach_type: BPF_PERF_EVENT. */
    private static final int ATTACH_PERF_EVENT = 41;
    /** The kernel's verifier log: BPF_LOG_LEVEL1, rotating when full (6.4+), so the tail with the error survives. */
    private static final int LOG_LEVEL = 1, DEFAULT_LOG_SIZE = 4 << 20;
    private static final int PROG_INFO_SIZE = 232;

    public static final int ATTACH_TRACE_FENTRY = 24, ATTACH_TRACE_FEXIT = 25;
    /** enum bpf_attach_type: BPF_TRACE_KPROBE_MULTI, a kprobe program's expected attach type for one link at many functions. */
    public static final int ATTACH_TRACE_KPROBE_MULTI = 42;
    /** link_create.kprobe_multi.flags: BPF_F_KPROBE_MULTI_RETURN, the link fires on return (kretprobe). */
    public static final int KPROBE_MULTI_RETURN = 1;
    public static final long UPDATE_ANY = 0, UPDATE_NO_EXIST = 1, UPDATE_EXIST = 2;

    /** What loading a program gave: a program fd, or the kernel verifier's refusal with its log. */
    public sealed interface ProgramLoad {
        record Loaded(FileDescriptor program) implements ProgramLoad {}
        record Rejected(int errno, String log) implements ProgramLoad {}
    }

    /** bpf_prog_info fields worth reporting (bpftool prog show prints the same). */
    public record ProgramInfo(int id, int type, String name, int xlatedLength, int jitedLength, int verifiedInsns) {}

    /** Bytes of verifier log asked for when the kernel refuses a program (BPFTRACE_LOG_SIZE). */
    private final int logSize;

    public Bpf() {
        this(DEFAULT_LOG_SIZE);
    }

    /** {@code logSize}: the verifier log buffer, 128 bytes to 1 GiB as the kernel accepts. */
    public Bpf(int logSize) {
        if (logSize < 128 || logSize > (int) (0xffffffffL >>> 2)) throw new IllegalArgumentException("verifier log size out of the kernel's range");
        this.logSize = logSize;
    }

    public FileDescriptor createMap(int type, int keySize, int valueSize, int maxEntries, String name) {
        try (var attr = attr()) {
            attr.setInt(0, type);
            attr.setInt(4, keySize);
            attr.setInt(8, valueSize);
            attr.setInt(12, maxEntries);
            putName(attr, 28, name);
            return new FileDescriptor((int) call(MAP_CREATE, attr, "BPF_MAP_CREATE " + name));
        }
    }

    /** Copies the value under {@code key} into {@code value}; false when there is no such key. */
    public boolean lookup(FileDescriptor map, byte[] key, byte[] value) {
        try (var attr = attr(); var keyMemory = copyOf(key); var valueMemory = new Memory(Math.max(1, value.length))) {
            attr.setInt(0, map.value());
            attr.setLong(8, Pointer.nativeValue(keyMemory));
            attr.setLong(16, Pointer.nativeValue(valueMemory));
            try {
                call(MAP_LOOKUP_ELEM, attr, "BPF_MAP_LOOKUP_ELEM");
            } catch (SystemCallException e) {
                if (e.errno() == SystemCallException.ENOENT) return false;
                throw e;
            }
            valueMemory.read(0, value, 0, value.length);
            return true;
        }
    }

    public void update(FileDescriptor map, byte[] key, byte[] value, long flags) {
        try (var attr = attr(); var keyMemory = copyOf(key); var valueMemory = copyOf(value)) {
            attr.setInt(0, map.value());
            attr.setLong(8, Pointer.nativeValue(keyMemory));
            attr.setLong(16, Pointer.nativeValue(valueMemory));
            attr.setLong(24, flags);
            call(MAP_UPDATE_ELEM, attr, "BPF_MAP_UPDATE_ELEM");
        }
    }

    /** Deletes {@code key}; false when it was not there. */
    public boolean delete(FileDescriptor map, byte[] key) {
        try (var attr = attr(); var keyMemory = copyOf(key)) {
            attr.setInt(0, map.value());
            attr.setLong(8, Pointer.nativeValue(keyMemory));
            try {
                call(MAP_DELETE_ELEM, attr, "BPF_MAP_DELETE_ELEM");
                return true;
            } catch (SystemCallException e) {
                if (e.errno() == SystemCallException.ENOENT) return false;
                throw e;
            }
        }
    }

    /** The key after {@code key}, or the first key when {@code key} is empty; empty at the end. */
    public Optional<byte[]> nextKey(FileDescriptor map, Optional<byte[]> key, int keySize) {
        try (var attr = attr(); var next = new Memory(Math.max(1, keySize))) {
            var current = key.map(Bpf::copyOf);
            try {
                attr.setInt(0, map.value());
                attr.setLong(8, current.map(Pointer::nativeValue).orElse(0L));
                attr.setLong(16, Pointer.nativeValue(next));
                try {
                    call(MAP_GET_NEXT_KEY, attr, "BPF_MAP_GET_NEXT_KEY");
                } catch (SystemCallException e) {
                    if (e.errno() == SystemCallException.ENOENT) return Optional.empty();
                    throw e;
                }
                return Optional.of(next.getByteArray(0, keySize));
            } finally {
                current.ifPresent(Memory::close);
            }
        }
    }

    /** Every key of a map, in the kernel's iteration order. */
    public List<byte[]> keys(FileDescriptor map, int keySize) {
        var keys = new ArrayList<byte[]>();
        var key = nextKey(map, Optional.empty(), keySize);
        while (key.isPresent()) {
            keys.add(key.get());
            key = nextKey(map, key, keySize);
        }
        return keys;
    }

    /**
     * BPF_PROG_LOAD. Tries once without a log (fast path); when the kernel refuses, loads again with
     * the verifier log on so the refusal carries the kernel's reasons.
     */
    public ProgramLoad loadProgram(int programType, List<Insn> insns, String name) {
        return loadProgram(programType, insns, name, 0, 0);
    }

    /** As {@link #loadProgram(int, List, String)}, for program types that name their attach point at load (fentry: a BTF function id). */
    public ProgramLoad loadProgram(int programType, List<Insn> insns, String name, int expectedAttachType, int attachBtfId) {
        try (var code = encode(insns); var license = copyOf("GPL\0".getBytes(StandardCharsets.US_ASCII))) {
            try {
                return new ProgramLoad.Loaded(loadOnce(programType, insns.size(), code, license, name, expectedAttachType, attachBtfId, Optional.empty()));
            } catch (SystemCallException first) {
                if (first.errno() != SystemCallException.EACCES && first.errno() != SystemCallException.EINVAL
                        && first.errno() != SystemCallException.E2BIG && first.errno() != SystemCallException.ENOSPC) {
                    throw first;
                }
                try (var log = new Memory(logSize)) {
                    log.clear();
                    try {
                        return new ProgramLoad.Loaded(loadOnce(programType, insns.size(), code, license, name, expectedAttachType, attachBtfId, Optional.of(log)));
                    } catch (SystemCallException second) {
                        return new ProgramLoad.Rejected(second.errno(), log.getString(0, StandardCharsets.UTF_8.name()));
                    }
                }
            }
        }
    }

    private FileDescriptor loadOnce(int programType, int insnCount, Memory code, Memory license, String name,
                                    int expectedAttachType, int attachBtfId, Optional<Memory> log) {
        try (var attr = attr()) {
            attr.setInt(0, programType);
            attr.setInt(4, insnCount);
            attr.setLong(8, Pointer.nativeValue(code));
            attr.setLong(16, Pointer.nativeValue(license));
            log.ifPresent(buffer -> {
                attr.setInt(24, LOG_LEVEL);
                attr.setInt(28, logSize);
                attr.setLong(32, Pointer.nativeValue(buffer));
            });
            putName(attr, 48, name);
            attr.setInt(68, expectedAttachType);
            attr.setInt(108, attachBtfId);
            // libbpf retries EAGAIN: the verifier gives up on a pending signal and asks to be called again.
            for (int attempt = 0; ; attempt++) {
                try {
                    return new FileDescriptor((int) call(PROG_LOAD, attr, "BPF_PROG_LOAD " + name));
                } catch (SystemCallException e) {
                    if (e.errno() != SystemCallException.EAGAIN || attempt >= 4) throw e;
                }
            }
        }
    }

    /** BPF_LINK_CREATE with attach type BPF_PERF_EVENT: runs the program on each event of {@code perfEvent}. */
    public FileDescriptor linkPerfEvent(FileDescriptor program, FileDescriptor perfEvent) {
        try (var attr = attr()) {
            attr.setInt(0, program.value());
            attr.setInt(4, perfEvent.value());
            attr.setInt(8, ATTACH_PERF_EVENT);
            return new FileDescriptor((int) call(LINK_CREATE, attr, "BPF_LINK_CREATE"));
        }
    }

    /**
     * BPF_LINK_CREATE with attach type BPF_TRACE_KPROBE_MULTI: one link attaching {@code program}
     * (loaded with that expected attach type) at the entry, or with {@link #KPROBE_MULTI_RETURN} the
     * return, of every kernel function named. The kernel resolves the names through kallsyms.
     */
    public FileDescriptor linkKprobeMulti(FileDescriptor program, List<String> functions, int flags) {
        try (var attribute = kprobeMultiAttribute(program.value(), functions, flags)) {
            return new FileDescriptor((int) call(LINK_CREATE, attribute.attr(),
                    "BPF_LINK_CREATE kprobe_multi (%d functions)".formatted(functions.size())));
        }
    }

    /** The attribute {@link #linkKprobeMulti} passes, for inspection (it owns native memory: close it). */
    public static KprobeMultiAttribute kprobeMultiAttribute(int program, List<String> functions, int flags) {
        return new KprobeMultiAttribute(ATTR_SIZE, program, functions, flags);
    }

    /**
     * BPF_RAW_TRACEPOINT_OPEN on the named raw tracepoint; with an empty name, attaches a program
     * that named its target at load (fentry/fexit).
     */
    public FileDescriptor openRawTracepoint(Optional<String> name, FileDescriptor program) {
        try (var attr = attr(); var nameMemory = copyOf((name.orElse("") + "\0").getBytes(StandardCharsets.US_ASCII))) {
            attr.setLong(0, name.isPresent() ? Pointer.nativeValue(nameMemory) : 0);
            attr.setInt(8, program.value());
            return new FileDescriptor((int) call(RAW_TRACEPOINT_OPEN, attr, "BPF_RAW_TRACEPOINT_OPEN " + name.orElse("(load-time target)")));
        }
    }

    /**
     * BPF_PROG_TEST_RUN with {@code context} as the raw-tracepoint arguments (bpf_prog_test_run_raw_tp():
     * no data, no repeat); returns the program's r0.
     */
    public long testRun(FileDescriptor program, byte[] context) {
        try (var attr = attr(); var contextMemory = copyOf(context)) {
            attr.setInt(0, program.value());
            attr.setInt(40, context.length);
            attr.setLong(48, context.length == 0 ? 0 : Pointer.nativeValue(contextMemory));
            call(PROG_TEST_RUN, attr, "BPF_PROG_TEST_RUN");
            return Integer.toUnsignedLong(attr.getInt(4));
        }
    }

    public ProgramInfo programInfo(FileDescriptor program) {
        try (var attr = attr(); var info = new Memory(PROG_INFO_SIZE)) {
            info.clear();
            attr.setInt(0, program.value());
            attr.setInt(4, PROG_INFO_SIZE);
            attr.setLong(8, Pointer.nativeValue(info));
            call(OBJ_GET_INFO_BY_FD, attr, "BPF_OBJ_GET_INFO_BY_FD");
            var nameBytes = info.getByteArray(64, 16);
            int length = 0;
            while (length < nameBytes.length && nameBytes[length] != 0) length++;
            return new ProgramInfo(info.getInt(4), info.getInt(0), new String(nameBytes, 0, length, StandardCharsets.US_ASCII),
                    info.getInt(20), info.getInt(16), info.getInt(216));
        }
    }

    /** The wire form of instructions: opcode, dst | src << 4, little-endian offset and immediate. */
    static Memory encode(List<Insn> insns) {
        var memory = new Memory(Math.max(8, insns.size() * 8L));
        memory.clear();
        for (int i = 0; i < insns.size(); i++) {
            var insn = insns.get(i);
            long base = i * 8L;
            memory.setByte(base, (byte) insn.opcode());
            memory.setByte(base + 1, (byte) (insn.dst() | insn.src() << 4));
            memory.setShort(base + 2, (short) insn.offset());
            memory.setInt(base + 4, insn.imm());
        }
        return memory;
    }

    private static Memory attr() {
        var memory = new Memory(ATTR_SIZE);
        memory.clear();
        return memory;
    }

    private static Memory copyOf(byte[] bytes) {
        var memory = new Memory(Math.max(1, bytes.length));
        memory.clear();
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    /** Object names are at most 15 characters of [A-Za-z0-9_.] (bpf_obj_name_cpy()); anything else is dropped. */
    private static void putName(Memory attr, long offset, String name) {
        var cleaned = name.replaceAll("[^A-Za-z0-9_.]", "_");
        var bytes = cleaned.substring(0, Math.min(15, cleaned.length())).getBytes(StandardCharsets.US_ASCII);
        attr.write(offset, bytes, 0, bytes.length);
    }

    private static long call(int command, Memory attr, String operation) {
        try {
            return LibC.INSTANCE.syscall(SYS_BPF, command, Pointer.nativeValue(attr), ATTR_SIZE, 0, 0);
        } catch (LastErrorException e) {
            throw new SystemCallException(operation, e.getErrorCode());
        }
    }
}

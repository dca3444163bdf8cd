package jtracec.spec.interp;

import static jtracec.spec.isa.Opcodes.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jtracec.spec.helper.HelperId;
import jtracec.spec.interp.MapModel.*;
import jtracec.spec.isa.InsnValidator.Dialect;
import jtracec.spec.kernel.KernelLimits;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapSpec;

/**
 * A whole kernel as a compiled trace program sees it: the object's maps, the helpers, the task
 * and context of an event. Programs of a {@code BpfObject} run here unchanged: their lddw map
 * pseudo sources carry the index into the object's map list, which is what the machine's map
 * list is indexed by. After runs, tests read map contents and ring-buffer records.
 *
 * <p>Helper models follow the helpers in kernel/trace/bpf_trace.c, kernel/bpf/helpers.c and
 * kernel/bpf/ringbuf.c: their return codes, and which failures fault (bad pointers, which the
 * verifier would have refused) versus return an errno (which a verified program must handle).
 * A machine runs one program at a time; it is not thread-safe.
 */
public final class Machine implements HelperEnvironment {
    /** Machine parameters: possible CPUs (the per-CPU stride), the step budget, the prandom seed, boot-time offset. */
    public record Config(int possibleCpus, long stepBudget, long randomSeed, long bootOffsetNanos) {
        public static Config defaults() {
            return new Config(4, KernelLimits.MAX_PROCESSED_INSNS, 1, 0);
        }

        public Config withStepBudget(long budget) {
            return new Config(possibleCpus, budget, randomSeed, bootOffsetNanos);
        }

        public Config withCpus(int cpus) {
            return new Config(cpus, stepBudget, randomSeed, bootOffsetNanos);
        }
    }

    /** CONFIG_HZ=250: nanoseconds per jiffy, for bpf_jiffies64. */
    static final long JIFFY_NANOS = 4_000_000;

    /** Synthetic kernel address bpf_get_current_task returns; a scalar to the program. */
    public static final long TASK_ADDRESS = 0xffff_8880_0000_1000L;

    private final Config config;
    private final Memory memory = new Memory();
    private final Interpreter interpreter;
    private final List<MapModel> maps = new ArrayList<>();
    private final int[] handles;
    private final SplittableRandom random;
    private final Map<Integer, Integer> reservations = new HashMap<>();
    private final List<String> printk = new ArrayList<>();
    private final Map<BpfProgram, Executable.Compilation> compiled = new IdentityHashMap<>();
    private Event current = Event.of(new byte[0], Task.of(0, "", 0));

    public Machine(List<MapSpec> specs, Config config) {
        this.config = config;
        this.interpreter = new Interpreter(this, memory, config.stepBudget());
        this.random = new SplittableRandom(config.randomSeed());
        this.handles = new int[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            MapSpec spec = specs.get(i);
            maps.add(switch (spec.type()) {
                case HASH, PERCPU_HASH, LRU_HASH -> new HashMapModel(spec, config.possibleCpus(), memory);
                case ARRAY, PERCPU_ARRAY -> new ArrayMapModel(spec, config.possibleCpus(), memory);
                case RINGBUF -> new RingBufferModel(spec);
                case PERF_EVENT_ARRAY -> new PerfEventArrayModel(spec);
                case STACK_TRACE -> new StackTraceMapModel(spec);
            });
            handles[i] = memory.add(new byte[0], 0, 0, RegionKind.MAP_HANDLE, Memory.Access.READ_ONLY, i);
        }
    }

    public static Machine of(List<MapSpec> specs) {
        return new Machine(specs, Config.defaults());
    }

    /** A machine with an object's maps, in the object's order, so its programs' map indices resolve. */
    public static Machine forObject(BpfObject object, Config config) {
        return new Machine(object.maps(), config);
    }

    public Config config() {
        return config;
    }

    /** Runs a program on an event: r1 points at a read-only copy of the event's context. */
    public Outcome run(Executable program, Event event) {
        byte[] context = event.context();
        int region = memory.add(context, 0, context.length, RegionKind.CONTEXT, Memory.Access.READ_ONLY, 0);
        try {
            current = event;
            return interpreter.run(program, Memory.pointer(region, 0), 0);
        } finally {
            endRun(region);
        }
    }

    /** Compiles (once per program) and runs; bytecode that does not validate faults at the offending pc. */
    public Outcome run(BpfProgram program, Event event) {
        var compilation = compiled.computeIfAbsent(program, p -> Executable.compile(p.insns(), Dialect.RFC_9669));
        return switch (compilation) {
            case Executable.Compilation.Rejected rejected ->
                    new Outcome.Faulted(rejected.pc(), "invalid instruction: " + rejected.reason());
            case Executable.Compilation.Compiled ok -> run(ok.executable(), event);
        };
    }

    /** Runs the way conformance plugins do: r1 points at writable memory, r2 holds its length. */
    public Outcome runWithMemory(Executable program, byte[] bytes) {
        int region = memory.add(bytes, 0, bytes.length, RegionKind.RAW, Memory.Access.READ_WRITE, 0);
        try {
            return interpreter.run(program, Memory.pointer(region, 0), bytes.length);
        } finally {
            endRun(region);
        }
    }

    /** A reservation never submitted is discarded: the verifier guarantees it cannot happen. */
    private void endRun(int contextRegion) {
        memory.free(contextRegion);
        reservations.forEach((id, mapIndex) -> {
            ((RingBufferModel) maps.get(mapIndex)).release(memory.length(id));
            memory.free(id);
        });
        reservations.clear();
    }

    public MapModel map(int index) {
        return maps.get(index);
    }

    public HashMapModel hashMap(int index) {
        return (HashMapModel) maps.get(index);
    }

    public ArrayMapModel arrayMap(int index) {
        return (ArrayMapModel) maps.get(index);
    }

    public RingBufferModel ringBuffer(int index) {
        return (RingBufferModel) maps.get(index);
    }

    public StackTraceMapModel stackTraces(int index) {
        return (StackTraceMapModel) maps.get(index);
    }

    public PerfEventArrayModel perfEvents(int index) {
        return (PerfEventArrayModel) maps.get(index);
    }

    /** Format strings passed to bpf_trace_printk, in call order. */
    public List<String> printkLog() {
        return List.copyOf(printk);
    }

    /** The handle value lddw loads for map {@code index}. */
    public long mapHandle(int index) {
        return Memory.pointer(handles[index], 0);
    }

    @Override
    public long loadPseudo(int source, int imm, int nextImm, Memory unused) {
        return switch (source) {
            case PSEUDO_MAP_FD, PSEUDO_MAP_IDX -> mapHandle(checkedMapIndex(imm));
            case PSEUDO_MAP_VALUE, PSEUDO_MAP_IDX_VALUE -> {
                if (!(maps.get(checkedMapIndex(imm)) instanceof ArrayMapModel array)) {
                    throw new HelperFault("direct value access needs an array map, map %d is not one".formatted(imm));
                }
                yield array.elementPointer(0, current.task().cpu()) + nextImm;
            }
            default -> throw new HelperFault("lddw source %d is not modelled".formatted(source));
        };
    }

    private int checkedMapIndex(int index) {
        if (index < 0 || index >= maps.size()) throw new HelperFault("no map %d (the object has %d)".formatted(index, maps.size()));
        return index;
    }

    @Override
    public long callHelper(int id, long r1, long r2, long r3, long r4, long r5, Memory m) {
        HelperId helper = HelperId.byNumber(id).orElseThrow(() -> new HelperFault("unknown helper #" + id));
        Task task = current.task();
        return switch (helper) {
            case MAP_LOOKUP_ELEM -> {
                MapModel map = mapAt(r1);
                byte[] key = m.read(r2, map.spec().keySize());
                yield switch (map) {
                    case HashMapModel hash -> hash.lookup(key, task.cpu());
                    case ArrayMapModel array -> array.lookup(key, task.cpu());
                    default -> throw new HelperFault("bpf_map_lookup_elem on a " + map.spec().type() + " map");
                };
            }
            case MAP_UPDATE_ELEM -> {
                MapModel map = mapAt(r1);
                byte[] key = m.read(r2, map.spec().keySize());
                byte[] value = m.read(r3, map.spec().valueSize());
                yield switch (map) {
                    case HashMapModel hash -> hash.update(key, value, r4, task.cpu());
                    case ArrayMapModel array -> array.update(key, value, r4, task.cpu());
                    default -> throw new HelperFault("bpf_map_update_elem on a " + map.spec().type() + " map");
                };
            }
            case MAP_DELETE_ELEM -> {
                MapModel map = mapAt(r1);
                byte[] key = m.read(r2, map.spec().keySize());
                yield switch (map) {
                    case HashMapModel hash -> hash.delete(key);
                    case ArrayMapModel array -> array.delete();
                    default -> throw new HelperFault("bpf_map_delete_elem on a " + map.spec().type() + " map");
                };
            }
            case PROBE_READ, PROBE_READ_USER, PROBE_READ_KERNEL -> probeRead(r1, r2, r3, m);
            case PROBE_READ_STR, PROBE_READ_USER_STR, PROBE_READ_KERNEL_STR -> probeReadString(r1, r2, r3, m);
            case KTIME_GET_NS -> task.timeNanos();
            case KTIME_GET_BOOT_NS -> task.timeNanos() + config.bootOffsetNanos();
            case TRACE_PRINTK -> {
                byte[] format = m.read(r1, checkedSize(r2));
                String text = cString(format);
                printk.add(text);
                yield text.length();
            }
            case GET_PRANDOM_U32 -> random.nextInt() & 0xffff_ffffL;
            case GET_SMP_PROCESSOR_ID -> task.cpu();
            case GET_CURRENT_PID_TGID -> (long) task.pid() << 32 | (task.tid() & 0xffff_ffffL);
            case GET_CURRENT_UID_GID -> (long) task.gid() << 32 | (task.uid() & 0xffff_ffffL);
            case GET_CURRENT_COMM -> {
                int size = checkedSize(r2);
                if (size == 0) yield MapModel.EINVAL;
                byte[] name = task.comm().getBytes(StandardCharsets.UTF_8);
                byte[] buffer = new byte[size];
                System.arraycopy(name, 0, buffer, 0, Math.min(name.length, Math.min(size - 1, KernelLimits.COMM_SIZE - 1)));
                m.write(r1, buffer);
                yield 0;
            }
            case GET_CURRENT_TASK, GET_CURRENT_TASK_BTF -> TASK_ADDRESS;
            case GET_CURRENT_CGROUP_ID -> task.cgroupId();
            case GET_FUNC_IP -> current.functionIp();
            case PERF_EVENT_OUTPUT -> {
                if (!(mapAt(r2) instanceof PerfEventArrayModel perf)) throw new HelperFault("bpf_perf_event_output needs a perf event array");
                perf.output(task.cpu(), m.read(r4, checkedSize(r5)));
                yield 0;
            }
            case GET_STACKID -> {
                if (!(mapAt(r2) instanceof StackTraceMapModel stacks)) throw new HelperFault("bpf_get_stackid needs a stack trace map");
                boolean isUser = (r3 & StackTraceMapModel.USER_STACK) != 0;
                yield stacks.store(isUser ? task.userStack() : task.kernelStack(), r3);
            }
            case RINGBUF_OUTPUT -> {
                RingBufferModel ring = ringAt(r1);
                byte[] data = m.read(r2, checkedSize(r3));
                if (!ring.claim(data.length)) yield MapModel.EAGAIN;
                ring.commit(data);
                yield 0;
            }
            case RINGBUF_RESERVE -> {
                RingBufferModel ring = ringAt(r1);
                if (r3 != 0 || r2 < 0 || r2 > ring.spec().maxEntries() || !ring.claim((int) r2)) yield 0;
                int region = memory.add(new byte[(int) r2], 0, (int) r2, RegionKind.RINGBUF_RESERVATION, Memory.Access.READ_WRITE, 0);
                reservations.put(region, memory.tag(Memory.regionOf(r1)));
                yield Memory.pointer(region, 0);
            }
            case RINGBUF_SUBMIT, RINGBUF_DISCARD -> {
                int region = Memory.regionOf(r1);
                if (Memory.offsetOf(r1) != 0 || !reservations.containsKey(region)) {
                    throw new HelperFault("0x%x is not a live ring-buffer reservation".formatted(r1));
                }
                RingBufferModel ring = (RingBufferModel) maps.get(reservations.remove(region));
                byte[] record = m.read(r1, memory.length(region));
                if (helper == HelperId.RINGBUF_SUBMIT) {
                    ring.commit(record);
                } else {
                    ring.release(record.length);
                }
                memory.free(region);
                yield 0;
            }
            case MAP_LOOKUP_PERCPU_ELEM -> {
                MapModel map = mapAt(r1);
                byte[] key = m.read(r2, map.spec().keySize());
                if (r3 < 0 || r3 >= config.possibleCpus()) yield 0;
                yield switch (map) {
                    case HashMapModel hash when map.spec().type().isPerCpu() -> hash.lookup(key, (int) r3);
                    case ArrayMapModel array when map.spec().type().isPerCpu() -> array.lookup(key, (int) r3);
                    default -> throw new HelperFault("bpf_map_lookup_percpu_elem needs a per-CPU map");
                };
            }
            case GET_NUMA_NODE_ID -> 0;
            case JIFFIES64 -> task.timeNanos() / JIFFY_NANOS;
            case KTIME_GET_TAI_NS -> task.timeNanos() + config.bootOffsetNanos();
            case GET_ATTACH_COOKIE -> 0;
            case RINGBUF_QUERY -> ringAt(r1).query(r2);
            case GET_STACK -> {
                // bpf_get_stack: copies frames (skipping flags & 0xff), returns the bytes copied
                int size = checkedSize(r3);
                List<Long> frames = (r4 & StackTraceMapModel.USER_STACK) != 0 ? task.userStack() : task.kernelStack();
                int skip = (int) (r4 & StackTraceMapModel.SKIP_MASK);
                byte[] buffer = new byte[size];
                int copied = 0;
                for (int i = skip; i < frames.size() && copied + 8 <= size; i++, copied += 8) {
                    Memory.storeAt(buffer, copied, 8, frames.get(i));
                }
                m.write(r2, buffer);
                yield copied;
            }
            // the signal goes to the current task, outside this machine: nothing here changes, and it succeeds
            case SEND_SIGNAL -> 0L;
            case TAIL_CALL, PROBE_WRITE_USER, OVERRIDE_RETURN, D_PATH ->
                    throw new HelperFault(helper.kernelName() + " is not modelled");
        };
    }

    private MapModel mapAt(long handle) {
        int region = Memory.regionOf(handle);
        if (!memory.isLive(region) || memory.kind(region) != RegionKind.MAP_HANDLE || Memory.offsetOf(handle) != 0) {
            throw new HelperFault("0x%x is not a map".formatted(handle));
        }
        return maps.get(memory.tag(region));
    }

    private RingBufferModel ringAt(long handle) {
        if (!(mapAt(handle) instanceof RingBufferModel ring)) throw new HelperFault("not a ring buffer map");
        return ring;
    }

    private static int checkedSize(long size) {
        if (size < 0 || size > KernelLimits.MAX_MAP_VALUE_SIZE) throw new HelperFault("size %d is out of range".formatted(size));
        return (int) size;
    }

    /**
     * bpf_probe_read_kernel: copies from a model address (stack, map value, context: the program
     * may read those through the helper too) or from the event's memory; on failure the
     * destination is zeroed and -EFAULT returned.
     */
    private long probeRead(long destination, long sizeArgument, long source, Memory m) {
        int size = checkedSize(sizeArgument);
        m.write(destination, new byte[size]);
        return readUnsafe(source, size).map(bytes -> {
            m.write(destination, bytes);
            return 0L;
        }).orElse((long) MapModel.EFAULT);
    }

    /**
     * bpf_probe_read_kernel_str: copies up to and including the NUL, at most size - 1 characters,
     * always NUL-terminates, returns the length with the NUL; -EFAULT (destination zeroed) when
     * the source is unreadable before a NUL or the size is reached.
     */
    private long probeReadString(long destination, long sizeArgument, long source, Memory m) {
        int size = checkedSize(sizeArgument);
        if (size == 0) return 0;
        m.write(destination, new byte[size]);
        var available = readUpTo(source, size);
        if (available.isEmpty()) return MapModel.EFAULT;
        byte[] bytes = available.get();
        int length = 0;
        while (length < bytes.length && length < size - 1 && bytes[length] != 0) length++;
        if (length == bytes.length) return MapModel.EFAULT;
        m.write(destination, Arrays.copyOf(bytes, length + 1));
        return length + 1;
    }

    private java.util.Optional<byte[]> readUnsafe(long address, int size) {
        return readUpTo(address, size).filter(bytes -> bytes.length == size);
    }

    /** Up to {@code size} bytes readable from address: from a live region, else from the event's memory. */
    private java.util.Optional<byte[]> readUpTo(long address, int size) {
        if (size == 0) return java.util.Optional.of(new byte[0]);
        if (memory.readable(address, 1) != 0) return java.util.Optional.of(memory.readToEnd(address, size));
        if (memory.isLive(Memory.regionOf(address))) return java.util.Optional.empty();
        for (Event.Segment segment : current.memory()) {
            if (segment.contains(address, 1)) {
                int start = (int) (address - segment.address());
                byte[] bytes = segment.bytes();
                return java.util.Optional.of(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + size)));
            }
        }
        return java.util.Optional.empty();
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}

package jtracec.loader.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * perf_event_open(2) and the ioctls that attach a BPF program to a perf event. The attribute is
 * {@code struct perf_event_attr} (PERF_ATTR_SIZE_VER7, 128 bytes) built at its documented offsets.
 */
public final class PerfEvent {
    private static final long SYS_PERF_EVENT_OPEN = 298;
    private static final int ATTR_SIZE = 128;
    private static final long FLAG_FD_CLOEXEC = 8;
    private static final long IOC_ENABLE = 0x2400, IOC_DISABLE = 0x2401, IOC_SET_BPF = 0x40042408L;

    public static final int TYPE_HARDWARE = 0, TYPE_SOFTWARE = 1, TYPE_TRACEPOINT = 2, TYPE_BREAKPOINT = 5;
    public static final int SOFTWARE_CPU_CLOCK = 0;
    /** perf_event_attr flag bits (the bitfield word at offset 40). */
    public static final long BIT_DISABLED = 1L, BIT_FREQUENCY = 1L << 10;

    /**
     * The attribute fields jtracec sets. {@code path} becomes config1 as a pointer to a NUL-terminated
     * string (the uprobe and kprobe PMUs read the binary path or function name from there).
     */
    public record Attributes(int type, long config, long samplePeriod, long flagBits, Optional<String> path,
                             long config1, long config2, int breakpointType) {
        public static Attributes of(int type, long config) {
            return new Attributes(type, config, 0, 0, Optional.empty(), 0, 0, 0);
        }

        public Attributes withSamplePeriod(long period) {
            return new Attributes(type, config, period, flagBits, path, config1, config2, breakpointType);
        }

        public Attributes withFlagBits(long bits) {
            return new Attributes(type, config, samplePeriod, flagBits | bits, path, config1, config2, breakpointType);
        }

        public Attributes withPath(String newPath, long newConfig2) {
            return new Attributes(type, config, samplePeriod, flagBits, Optional.of(newPath), config1, newConfig2, breakpointType);
        }

        public Attributes withBreakpoint(int newType, long address, long length) {
            return new Attributes(type, config, samplePeriod, flagBits, path, address, length, newType);
        }
    }

    /** Opens a perf event for {@code pid} (-1: every process) on {@code cpu} (-1: any CPU). */
    public FileDescriptor open(Attributes attributes, int pid, int cpu) {
        try (var attr = new Memory(ATTR_SIZE);
             var path = new Memory(attributes.path().map(p -> p.length() + 1L).orElse(1L))) {
            attr.clear();
            path.clear();
            attr.setInt(0, attributes.type());
            attr.setInt(4, ATTR_SIZE);
            attr.setLong(8, attributes.config());
            attr.setLong(16, attributes.samplePeriod());
            attr.setLong(40, attributes.flagBits());
            attr.setInt(52, attributes.breakpointType());
            if (attributes.path().isPresent()) {
                var bytes = attributes.path().get().getBytes(StandardCharsets.UTF_8);
                path.write(0, bytes, 0, bytes.length);
                attr.setLong(56, Pointer.nativeValue(path));
            } else {
                attr.setLong(56, attributes.config1());
            }
            attr.setLong(64, attributes.config2());
            try {
                return new FileDescriptor((int) LibC.INSTANCE.syscall(SYS_PERF_EVENT_OPEN, Pointer.nativeValue(attr), pid, cpu, -1, FLAG_FD_CLOEXEC));
            } catch (LastErrorException e) {
                throw new SystemCallException("perf_event_open type " + attributes.type() + " config " + attributes.config(), e.getErrorCode());
            }
        }
    }

    /** PERF_EVENT_IOC_SET_BPF: the older attach path, for kernels without BPF links on perf events. */
    public void setProgram(FileDescriptor event, FileDescriptor program) {
        ioctl(event, IOC_SET_BPF, program.value(), "PERF_EVENT_IOC_SET_BPF");
    }

    public void enable(FileDescriptor event) {
        ioctl(event, IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE");
    }

    public void disable(FileDescriptor event) {
        ioctl(event, IOC_DISABLE, 0, "PERF_EVENT_IOC_DISABLE");
    }

    private static void ioctl(FileDescriptor fd, long request, long argument, String operation) {
        try {
            LibC.INSTANCE.ioctl(fd.value(), request, argument);
        } catch (LastErrorException e) {
            throw new SystemCallException(operation, e.getErrorCode());
        }
    }
}

package jtracec.loader.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import jtracec.loader.btf.BtfReader;
import jtracec.loader.symbols.ElfFile;
import jtracec.loader.sys.CgroupId;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.UsdtSite;
import jtracec.spec.kernel.TracepointFormat;

/**
 * The running kernel as a {@link Target}: tracefs for tracepoints, {@code available_filter_functions}
 * (or kallsyms) for kernel functions, sysfs PMU directories and small probes for features. Every
 * fact is read lazily and cached, so constructing one costs nothing.
 */
public final class LiveTarget implements Target {
    private final Path tracefs;
    private final Path sysfs;
    private final Path procfs;
    private final FeatureProbe probe;
    /** The kernel's BTF: /sys/kernel/btf/vmlinux, or the file BPFTRACE_BTF names. */
    private final Path kernelBtfFile;
    private final TracepointFormatParser parser = new TracepointFormatParser();
    private final Map<String, Optional<TracepointFormat>> formats = new ConcurrentHashMap<>();
    /** Answers so far; asked outside any lock, so one slow probe (JNA's start) holds up no other question. */
    private final Map<KernelFeature, Boolean> features = new ConcurrentHashMap<>();
    private volatile List<String> tracepoints;
    private volatile Set<String> kernelFunctions;
    private volatile Optional<KernelTypes> kernelTypes;
    private volatile Map<String, Long> kernelSymbolAddresses;

    /** The standard mount points: /sys/kernel/tracing (or /sys/kernel/debug/tracing), /sys, /proc. */
    public LiveTarget() {
        this(Path.of("/sys/kernel/btf/vmlinux"));
    }

    /** The standard mount points, with kernel types read from {@code kernelBtfFile} (bpftrace's BPFTRACE_BTF). */
    public LiveTarget(Path kernelBtfFile) {
        this(Files.isDirectory(Path.of("/sys/kernel/tracing/events")) ? Path.of("/sys/kernel/tracing") : Path.of("/sys/kernel/debug/tracing"),
                Path.of("/sys"), Path.of("/proc"), new FeatureProbe(), kernelBtfFile);
    }

    LiveTarget(Path tracefs, Path sysfs, Path procfs, FeatureProbe probe) {
        this(tracefs, sysfs, procfs, probe, sysfs.resolve("kernel/btf/vmlinux"));
    }

    private LiveTarget(Path tracefs, Path sysfs, Path procfs, FeatureProbe probe, Path kernelBtfFile) {
        this.tracefs = tracefs;
        this.sysfs = sysfs;
        this.procfs = procfs;
        this.probe = probe;
        this.kernelBtfFile = kernelBtfFile;
    }

    @Override
    public String describe() {
        String release = read(procfs.resolve("sys/kernel/osrelease")).orElse("unknown release").strip();
        // without tracefs every tracepoint looks unknown; say why where the user reads "unknown tracepoint"
        return Files.isReadable(tracefs.resolve("events")) ? "this kernel (%s)".formatted(release)
                : "this kernel (%s; tracefs at %s is not readable: run as root, or verify with --target SNAPSHOT)".formatted(release, tracefs);
    }

    @Override
    public boolean supports(KernelFeature feature) {
        Boolean known = features.get(feature);
        if (known != null) return known;
        // two threads asking at once both probe (the kernel answers both alike); the first answer stays
        boolean answer = probeFeature(feature);
        Boolean first = features.putIfAbsent(feature, answer);
        return first != null ? first : answer;
    }

    /**
     * Start-up (issue 8): asks on a daemon thread what the verifier asks for every program (ring buffer
     * support), so that JNA's start under the first probe (its native stub, an {@code ldconfig -p} run,
     * libc) overlaps the caller's parsing instead of following it.
     */
    public void probeInBackground() {
        Thread.ofPlatform().daemon().name("jtracec-feature-probe").start(() -> supports(KernelFeature.RINGBUF));
    }

    private boolean probeFeature(KernelFeature feature) {
        return switch (feature) {
            case KPROBES -> Files.isDirectory(pmu("kprobe"));
            // kprobe_multi links (5.18) need fprobe, which needs kprobes' ftrace support
            case KPROBE_MULTI -> supports(KernelFeature.KPROBES) && probe.kprobeMultiLink();
            case UPROBES -> Files.isDirectory(pmu("uprobe"));
            case FENTRY -> supports(KernelFeature.BTF) && probe.fentry();
            case RAW_TRACEPOINTS -> probe.rawTracepoint();
            case RINGBUF -> probe.ringBuffer();
            case HARDWARE_PMU -> probe.hardwareCounter();
            case PROBE_WRITE_USER -> read(sysfs.resolve("kernel/security/lockdown"))
                    .map(text -> text.contains("[none]"))
                    .orElseGet(probe::probeWriteUser);
            case BTF -> Files.isReadable(sysfs.resolve("kernel/btf/vmlinux"));
            case CONSTANT_KEY_ARRAY_LOOKUP -> probe.constantKeyArrayLookup();
        };
    }

    private Path pmu(String name) {
        return sysfs.resolve("bus/event_source/devices").resolve(name);
    }

    @Override
    public Optional<TracepointFormat> tracepoint(String category, String name) {
        if (!isPlainName(category) || !isPlainName(name)) return Optional.empty();
        Path point = tracefs.resolve("events").resolve(category).resolve(name);
        // as in tracepoints(): ftrace's own event formats have no "enable" and are no tracepoints
        return formats.computeIfAbsent(category + ":" + name, key -> Files.exists(point.resolve("enable"))
                ? read(point.resolve("format")).flatMap(text -> parser.parse(category, name, text))
                : Optional.empty());
    }

    private static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.equals(".") && !name.equals("..");
    }

    @Override
    public List<String> tracepoints() {
        var result = tracepoints;
        if (result == null) {
            var names = new ArrayList<String>();
            var events = tracefs.resolve("events");
            try (Stream<Path> categories = list(events)) {
                categories.filter(Files::isDirectory).forEach(category -> {
                    try (Stream<Path> points = list(category)) {
                        // ftrace's own event formats (ftrace:print, ...) have no "enable": they are not tracepoints
                        points.filter(point -> Files.exists(point.resolve("format")) && Files.exists(point.resolve("enable")))
                                .forEach(point -> names.add(category.getFileName() + ":" + point.getFileName()));
                    }
                });
            }
            names.sort(null);
            result = tracepoints = List.copyOf(names);
        }
        return result;
    }


    /** Every traceable kernel function name (for snapshots and wildcard expansion). */
    @Override
    public Set<String> kernelFunctions() {
        var result = kernelFunctions;
        if (result == null) result = kernelFunctions = readKernelFunctions();
        return result;
    }

    /** Traceable functions when ftrace lists them, else every text symbol in kallsyms. */
    private Set<String> readKernelFunctions() {
        var names = new HashSet<String>();
        var traceable = read(tracefs.resolve("available_filter_functions"));
        if (traceable.isPresent()) {
            traceable.get().lines().forEach(line -> {
                int end = line.indexOf(' ');
                names.add(end < 0 ? line : line.substring(0, end));
            });
        } else {
            read(procfs.resolve("kallsyms")).orElse("").lines().forEach(line -> {
                var parts = line.split("\\s+");
                if (parts.length >= 3 && (parts[1].equals("t") || parts[1].equals("T"))) names.add(parts[2]);
            });
        }
        return Set.copyOf(names);
    }

    /** bpftrace 0.17's resolve_kname: the first kallsyms line naming the symbol; an address shown as 0 (kptr_restrict) resolves nothing. */
    @Override
    public Optional<Long> kernelSymbolAddress(String name) {
        var addresses = kernelSymbolAddresses;
        if (addresses == null) {
            var found = new java.util.HashMap<String, Long>();
            read(procfs.resolve("kallsyms")).orElse("").lines().forEach(line -> {
                var parts = line.split("\\s+");
                if (parts.length >= 3) found.putIfAbsent(parts[2], Long.parseUnsignedLong(parts[0], 16));
            });
            addresses = kernelSymbolAddresses = Map.copyOf(found);
        }
        return Optional.ofNullable(addresses.get(name)).filter(address -> address != 0);
    }

    @Override
    public Optional<UserSymbol> userObject(String binary, String name) {
        try {
            return ElfFile.read(Path.of(binary)).object(name).map(symbol -> new UserSymbol(symbol.address(), symbol.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> cgroupId(String path) {
        return CgroupId.of(path);
    }

    /** The decoded {@code /sys/kernel/btf/vmlinux} (or BPFTRACE_BTF's file), read the first time a script needs a kernel type. */
    @Override
    public Optional<KernelTypes> kernelTypes() {
        var result = kernelTypes;
        if (result == null) result = kernelTypes = readKernelTypes();
        return result;
    }

    /** The raw BTF blob, for snapshots. */
    Optional<byte[]> kernelBtf() {
        try {
            return Optional.of(Files.readAllBytes(kernelBtfFile));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<KernelTypes> readKernelTypes() {
        if (!Files.isReadable(kernelBtfFile)) return Optional.empty();
        try {
            return Optional.of(BtfReader.read(kernelBtfFile));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Read from the file on this machine: a binary is not part of the kernel. */
    @Override
    public Optional<List<UsdtSite>> usdtSites(String binary) {
        return UsdtNotes.read(binary);
    }

    @Override
    public int possibleCpus() {
        return CpuList.parse(read(sysfs.resolve("devices/system/cpu/possible")).orElse("0")).count();
    }

    /** The CPUs that are online now: where per-CPU perf events are opened. */
    public List<Integer> onlineCpus() {
        return CpuList.parse(read(sysfs.resolve("devices/system/cpu/online")).orElse("0")).cpus();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Stream<Path> list(Path directory) {
        try {
            return Files.list(directory);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}

package jtracec.loader.attach;

import jtracec.loader.AttachRequirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import jtracec.loader.AttachTargetNotFoundException;
import jtracec.loader.FeatureUnavailableException;
import jtracec.loader.LoaderException;
import jtracec.loader.symbols.ElfFile;
import jtracec.loader.symbols.UsdtProbe;
import jtracec.spec.object.Wildcard;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.PerfEvent;
import jtracec.loader.sys.SystemCallException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfProgram;

/**
 * Attaches loaded programs to their attach points, the way libbpf does: a perf event opened
 * disabled, the program linked to it with BPF_LINK_CREATE (or PERF_EVENT_IOC_SET_BPF on kernels
 * without perf links), then enabled. Uprobes and kprobes go through their PMUs, so they are
 * fd-based and never appear in {@code uprobe_events}. Missing kernel features are reported as
 * {@link FeatureUnavailableException} before anything is opened.
 */
public final class Attacher {
    private static final Path PMU_DIRECTORY = Path.of("/sys/bus/event_source/devices");

    private final Bpf bpf;
    private final PerfEvent perf;
    private final LiveTarget target;

    public Attacher(Bpf bpf, PerfEvent perf, LiveTarget target) {
        this.bpf = bpf;
        this.perf = perf;
        this.target = target;
    }

    /**
     * Fails with {@link FeatureUnavailableException} when this kernel cannot attach the program at
     * all; the loader calls it for every program before creating anything.
     */
    public void requireFeatures(BpfProgram program) {
        Optional<FeatureUnavailableException> missing = new AttachRequirements(target).missing(program);
        if (missing.isPresent()) throw missing.get();
    }

    /**
     * How many kernel attach points {@code program} stands for (a uprobe wildcard matches several
     * functions), as bpftrace counts them in "Attaching N probes...". Fails with
     * {@link AttachTargetNotFoundException} when a uprobe names nothing it can attach to.
     */
    public int pointCount(AttachSite site) {
        if (site.point() instanceof AttachPoint.Uprobe uprobe) return uprobeOffsets(uprobe).size();
        if (site.point() instanceof AttachPoint.Usdt usdt) return usdtSites(readElf(resolveBinary(usdt.path())), usdt).size();
        return 1;
    }

    /** Attaches to every process ({@code -1}), or only to {@code pid} for uprobes, usdt and watchpoints (bpftrace's -p and -c). */
    public Attachment attach(BpfProgram program, AttachSite site, FileDescriptor loaded, int pid) {
        requireFeatures(program);
        var opened = new ArrayList<FileDescriptor>();
        try {
            switch (site.point()) {
                case AttachPoint.Begin begin -> throw new IllegalStateException("bug: BEGIN is run, not attached");
                case AttachPoint.End end -> throw new IllegalStateException("bug: END is run, not attached");
                case AttachPoint.Tracepoint tracepoint -> {
                    var format = target.tracepoint(tracepoint.category(), tracepoint.name()).orElseThrow(() ->
                            new AttachTargetNotFoundException("tracepoint %s:%s does not exist on this kernel".formatted(tracepoint.category(), tracepoint.name()),
                                    "list the available tracepoints with: jtracec -l 'tracepoint:%s:*'".formatted(tracepoint.category())));
                    perfEvent(PerfEvent.Attributes.of(PerfEvent.TYPE_TRACEPOINT, format.id()).withSamplePeriod(1), -1, 0, loaded, opened);
                }
                case AttachPoint.RawTracepoint raw -> opened.add(bpf.openRawTracepoint(Optional.of(raw.name()), loaded));
                case AttachPoint.Kprobe kprobe -> {
                    var attributes = PerfEvent.Attributes.of(pmuType("kprobe"), kprobe.end() == AttachPoint.ProbeEnd.RETURN ? retprobeBit("kprobe") : 0)
                            .withPath(kprobe.function(), kprobe.offset());
                    perfEvent(attributes, -1, 0, loaded, opened);
                }
                case AttachPoint.Uprobe uprobe -> {
                    var binary = resolveBinary(uprobe.path());
                    for (long fileOffset : uprobeOffsets(uprobe)) {
                        var attributes = PerfEvent.Attributes.of(pmuType("uprobe"), uprobe.end() == AttachPoint.ProbeEnd.RETURN ? retprobeBit("uprobe") : 0)
                                .withPath(binary.toString(), fileOffset);
                        // a task-bound uprobe needs cpu -1 (any); a system-wide one takes cpu 0 and fires everywhere
                        perfEvent(attributes, pid, pid == -1 ? 0 : -1, loaded, opened);
                    }
                }
                case AttachPoint.Usdt usdt -> {
                    var binary = resolveBinary(usdt.path());
                    var elf = readElf(binary);
                    for (var location : usdtSites(elf, usdt)) {
                        long fileOffset = fileOffsetOf(elf, location.address());
                        // the kernel counts the probe's semaphore up while attached (uprobe PMU config bits 32-63, ref_ctr_offset)
                        long semaphore = location.semaphore() == 0 ? 0 : fileOffsetOf(elf, location.semaphore()) << 32;
                        var attributes = PerfEvent.Attributes.of(pmuType("uprobe"), semaphore).withPath(binary.toString(), fileOffset);
                        perfEvent(attributes, pid, pid == -1 ? 0 : -1, loaded, opened);
                    }
                }
                case AttachPoint.Kfunc kfunc -> opened.add(bpf.openRawTracepoint(Optional.empty(), loaded));
                case AttachPoint.Interval interval ->
                        perfEvent(PerfEvent.Attributes.of(PerfEvent.TYPE_SOFTWARE, PerfEvent.SOFTWARE_CPU_CLOCK).withSamplePeriod(interval.periodNanos()), -1, 0, loaded, opened);
                case AttachPoint.Profile profile -> {
                    var attributes = profile.frequencyHz() > 0
                            ? PerfEvent.Attributes.of(PerfEvent.TYPE_SOFTWARE, PerfEvent.SOFTWARE_CPU_CLOCK).withSamplePeriod(profile.frequencyHz()).withFlagBits(PerfEvent.BIT_FREQUENCY)
                            : PerfEvent.Attributes.of(PerfEvent.TYPE_SOFTWARE, PerfEvent.SOFTWARE_CPU_CLOCK).withSamplePeriod(profile.periodNanos());
                    for (int cpu : target.onlineCpus()) perfEvent(attributes, -1, cpu, loaded, opened);
                }
                case AttachPoint.Software software -> {
                    var attributes = PerfEvent.Attributes.of(PerfEvent.TYPE_SOFTWARE, software.config()).withSamplePeriod(software.period());
                    for (int cpu : target.onlineCpus()) perfEvent(attributes, -1, cpu, loaded, opened);
                }
                case AttachPoint.Hardware hardware -> {
                    var attributes = PerfEvent.Attributes.of(PerfEvent.TYPE_HARDWARE, hardware.config()).withSamplePeriod(hardware.period());
                    for (int cpu : target.onlineCpus()) perfEvent(attributes, -1, cpu, loaded, opened);
                }
                case AttachPoint.Watchpoint watchpoint -> {
                    int type = (watchpoint.mode().contains("r") ? 1 : 0) | (watchpoint.mode().contains("w") ? 2 : 0) | (watchpoint.mode().contains("x") ? 4 : 0);
                    var attributes = PerfEvent.Attributes.of(PerfEvent.TYPE_BREAKPOINT, 0).withSamplePeriod(1)
                            .withBreakpoint(type, watchpoint.address(), watchpoint.length());
                    // a user address means something only in one process: with -p/-c the breakpoint follows that task
                    if (pid != -1) perfEvent(attributes, pid, -1, loaded, opened);
                    else for (int cpu : target.onlineCpus()) perfEvent(attributes, -1, cpu, loaded, opened);
                }
            }
            return new Attachment(site.probe(), opened);
        } catch (SystemCallException e) {
            opened.forEach(FileDescriptor::close);
            throw LoaderException.of(e);
        } catch (RuntimeException e) {
            opened.forEach(FileDescriptor::close);
            throw e;
        }
    }

    /** Whether {@code program} is attached with kprobe_multi links ({@link #attachKprobeMulti}) rather than site by site. */
    public boolean isKprobeMulti(BpfProgram program) {
        return KprobeMultiLinks.isUsedFor(program, target);
    }

    /**
     * Attaches a program {@link #isKprobeMulti} at all its sites with one kprobe_multi link per probe
     * end; each attachment counts the functions its link covers.
     */
    public List<Attachment> attachKprobeMulti(BpfProgram program, FileDescriptor loaded) {
        requireFeatures(program);
        var attachments = new ArrayList<Attachment>();
        try {
            for (var link : KprobeMultiLinks.links(program)) {
                var descriptor = bpf.linkKprobeMulti(loaded, link.functions(), link.flags());
                attachments.add(new Attachment(program.probe(), List.of(descriptor), link.sites().size()));
            }
            return attachments;
        } catch (SystemCallException e) {
            attachments.forEach(Attachment::close);
            if (e.errno() == SystemCallException.ENOENT || e.errno() == SystemCallException.ESRCH) {
                throw new AttachTargetNotFoundException("%s: a kernel function it names is not in kallsyms or cannot be traced (%s)"
                        .formatted(program.probe(), SystemCallException.describe(e.errno())),
                        "check the names in /sys/kernel/tracing/available_filter_functions");
            }
            throw LoaderException.of(e);
        } catch (RuntimeException e) {
            attachments.forEach(Attachment::close);
            throw e;
        }
    }

    private void perfEvent(PerfEvent.Attributes attributes, int pid, int cpu, FileDescriptor program, List<FileDescriptor> opened) {
        var event = perf.open(attributes.withFlagBits(PerfEvent.BIT_DISABLED), pid, cpu);
        opened.add(event);
        try {
            opened.add(bpf.linkPerfEvent(program, event));
        } catch (SystemCallException e) {
            // BPF_LINK_CREATE on perf events arrived in 5.15; older kernels take the ioctl
            if (e.errno() != SystemCallException.EINVAL && e.errno() != SystemCallException.EOPNOTSUPP) throw e;
            perf.setProgram(event, program);
        }
        perf.enable(event);
    }

    private static int pmuType(String pmu) {
        try {
            return Integer.parseInt(Files.readString(PMU_DIRECTORY.resolve(pmu).resolve("type")).strip());
        } catch (IOException e) {
            throw new AttachTargetNotFoundException("the %s PMU is not available: %s".formatted(pmu, e.getMessage()), "check /sys/bus/event_source/devices/" + pmu);
        }
    }

    /** The bit the PMU's format/retprobe names, e.g. "config:0" (kernel/events/core.c, PMU_FORMAT_ATTR(retprobe, ...)). */
    private static long retprobeBit(String pmu) {
        try {
            var format = Files.readString(PMU_DIRECTORY.resolve(pmu).resolve("format/retprobe")).strip();
            return 1L << Integer.parseInt(format.substring(format.indexOf(':') + 1));
        } catch (IOException | RuntimeException e) {
            return 1L;
        }
    }

    private static final List<String> LIBRARY_DIRECTORIES = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib");

    /**
     * bpftrace resolves a bare name through $PATH, then as a library ({@code libc} is
     * {@code libc.so.6}, as bcc_procutils_which_so finds it in the linker's directories).
     */
    public static Path resolveBinary(String path) {
        var candidate = Path.of(path);
        if (!candidate.isAbsolute() && !path.contains("/")) {
            for (var directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                var found = Path.of(directory, path);
                if (Files.isRegularFile(found)) return found.toAbsolutePath();
            }
            var library = path.startsWith("lib") ? path : "lib" + path;
            for (var directory : LIBRARY_DIRECTORIES) {
                try (var files = Files.list(Path.of(directory))) {
                    // the versioned name first: a bare lib*.so is often a linker script, not ELF
                    var found = files.filter(file -> {
                        var name = file.getFileName().toString();
                        return name.equals(library + ".so") || name.startsWith(library + ".so.");
                    }).filter(Attacher::isElf).sorted(Comparator.comparing((Path file) -> file.getFileName().toString().equals(library + ".so"))
                            .thenComparing(Path::toString)).findFirst();
                    // the path as found, not its link target: bpftrace lists uprobe:/lib/x86_64-linux-gnu/libc.so.6:malloc
                    if (found.isPresent()) return found.get();
                } catch (IOException e) {
                    // a missing library directory: try the next
                }
            }
        }
        if (!Files.isRegularFile(candidate)) {
            throw new AttachTargetNotFoundException("binary %s does not exist".formatted(path), "give the full path of the executable or library");
        }
        return candidate.toAbsolutePath();
    }

    private static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            var magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Long> uprobeOffsets(AttachPoint.Uprobe uprobe) {
        return new UprobeTargets(readElf(resolveBinary(uprobe.path()))).fileOffsets(uprobe);
    }

    /**
     * Every site of the probes the attach point names (provider and name may be wildcards, an empty
     * provider is any), or the one site at its address when sites of one probe read their arguments differently.
     */
    private static List<UsdtProbe> usdtSites(ElfFile elf, AttachPoint.Usdt usdt) {
        var provider = new Wildcard(usdt.provider().isEmpty() ? "*" : usdt.provider());
        var name = new Wildcard(usdt.name());
        var sites = elf.usdtProbes().stream().filter(site -> provider.matches(site.provider()) && name.matches(site.name()))
                .filter(site -> usdt.address() == 0 || site.address() == usdt.address()).toList();
        if (sites.isEmpty()) {
            throw new AttachTargetNotFoundException("usdt probe %s:%s not found in %s".formatted(usdt.provider().isEmpty() ? "*" : usdt.provider(), usdt.name(), elf.path()),
                    "list its probes with: jtracec -l 'usdt:%s:*'".formatted(elf.path()));
        }
        return sites;
    }

    private static long fileOffsetOf(ElfFile elf, long address) {
        return elf.fileOffset(address).orElseThrow(() -> new AttachTargetNotFoundException(
                "address 0x%x is not in a loadable segment of %s".formatted(address, elf.path()), "check the binary's usdt notes (readelf -n)"));
    }

    private static ElfFile readElf(Path binary) {
        try {
            return ElfFile.read(binary);
        } catch (IOException e) {
            throw new AttachTargetNotFoundException("cannot read %s: %s".formatted(binary, e.getMessage()), "uprobes and usdt probes need a 64-bit ELF executable or library");
        }
    }
}

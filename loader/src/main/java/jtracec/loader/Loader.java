package jtracec.loader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jtracec.loader.attach.Attacher;
import jtracec.loader.attach.KprobeMultiLinks;
import jtracec.loader.btf.BtfReader;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.PerfEvent;
import jtracec.loader.sys.SystemCallException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.verifier.VerifiedObject;

/**
 * Puts a verified object into the kernel: checks every attach point is possible here, creates the
 * maps, relocates map references to their fds, and loads every program. Nothing is attached yet;
 * {@link TraceSession#run} does that. On any failure everything created so far is closed.
 */
public final class Loader {
    private final LiveTarget target;
    private final LoaderOptions options;
    private final Bpf bpf;
    private final PerfEvent perf = new PerfEvent();

    public Loader(LiveTarget target) {
        this(target, LoaderOptions.defaults());
    }

    public Loader(LiveTarget target, LoaderOptions options) {
        this.target = target;
        this.options = options;
        this.bpf = new Bpf(options.verifierLogBytes());
    }

    /** Loads {@code verified}; the session prints to {@code out} as bpftrace prints to stdout (text format). */
    public TraceSession load(VerifiedObject verified, PrintStream out) {
        return load(verified.object(), SessionOutput.text(out));
    }

    /** As {@link #load(VerifiedObject, PrintStream)}, with bpftrace's {@code -f}, {@code -o} and {@code -q} choices. */
    public TraceSession load(VerifiedObject verified, SessionOutput output) {
        return load(verified.object(), output);
    }

    // Package-private: tests load hand-assembled objects; everything else goes through the verifier.
    TraceSession load(BpfObject object, PrintStream out) {
        return load(object, SessionOutput.text(out));
    }

    TraceSession load(BpfObject object, SessionOutput output) {
        try {
            requireProgramLimit(object);
            var attacher = new Attacher(bpf, perf, target);
            object.programs().forEach(attacher::requireFeatures);
            return create(object, attacher, output);
        } catch (LinkageError e) {
            throw new BpfUnavailableException("cannot call the C library through JNA: " + e.getMessage(), e);
        }
    }

    /**
     * bpftrace 0.17 refuses, while generating code, a script of more programs than
     * BPFTRACE_MAX_BPF_PROGS. It counts only the programs of probes it expands per match (those
     * using {@code probe}, usdt); jtracec counts every program that attaches somewhere, i.e. all
     * but BEGIN and END, so with many probe blocks the limit can bite earlier than under bpftrace.
     */
    private void requireProgramLimit(BpfObject object) {
        long count = object.programs().stream()
                .filter(program -> program.sites().stream().noneMatch(site -> site.point() instanceof AttachPoint.Begin || site.point() instanceof AttachPoint.End))
                .count();
        if (count > options.maxPrograms()) {
            throw new LimitExceededException("the script needs %d BPF programs, more than the limit of %d".formatted(count, options.maxPrograms()),
                    "raise the limit with the BPFTRACE_MAX_BPF_PROGS environment variable, e.g. BPFTRACE_MAX_BPF_PROGS=%d".formatted(count));
        }
    }

    /**
     * Loads {@code verified} without first asking whether this kernel can attach its programs, so
     * acceptance tests can ask the kernel's verifier about kprobe and hardware-event programs on a
     * machine that cannot run them (loading needs neither kprobes nor a PMU; attaching does, and
     * {@link Attacher#attach} still refuses). Package-private: no user path may skip the check.
     */
    TraceSession loadIgnoringAttachRequirements(VerifiedObject verified, PrintStream out) {
        try {
            return create(verified.object(), new Attacher(bpf, perf, target), SessionOutput.text(out));
        } catch (LinkageError e) {
            throw new BpfUnavailableException("cannot call the C library through JNA: " + e.getMessage(), e);
        }
    }

    private TraceSession create(BpfObject object, Attacher attacher, SessionOutput output) {
        var maps = new ArrayList<FileDescriptor>();
        var programs = new ArrayList<FileDescriptor>();
        try {
            createMaps(object, maps);
            for (var program : object.programs()) programs.add(loadProgram(program, maps));
            return new TraceSession(object, target, bpf, attacher, maps, programs, output, options);
        } catch (SystemCallException e) {
            programs.forEach(FileDescriptor::close);
            maps.forEach(FileDescriptor::close);
            throw LoaderException.of(e);
        } catch (RuntimeException e) {
            programs.forEach(FileDescriptor::close);
            maps.forEach(FileDescriptor::close);
            throw e;
        }
    }

    /**
     * Creates {@code object}'s maps in index order, appending each fd to {@code maps} as it is made,
     * so the caller can close what exists when a later one fails. Package-private, like
     * {@link #loadProgram}: the differential tests in cli load many mutants against one set of maps.
     */
    void createMaps(BpfObject object, List<FileDescriptor> maps) {
        for (var spec : object.maps()) {
            maps.add(spec.type() == MapType.RINGBUF
                    ? bpf.createMap(spec.type().kernelValue(), 0, 0, spec.maxEntries(), spec.name())
                    : bpf.createMap(spec.type().kernelValue(), spec.keySize(), spec.valueSize(), spec.maxEntries(), spec.name()));
        }
    }

    /** Relocates and loads one program as {@link #load} does; throws {@link ProgramRejectedException} with the kernel's log. */
    FileDescriptor loadProgram(BpfProgram program, List<FileDescriptor> maps) {
        var insns = relocate(program, maps);
        // kprobe_multi is chosen here, at load: such a program can be attached only by a kprobe_multi link
        int expectedAttachType = KprobeMultiLinks.expectedAttachType(program, target), attachBtfId = 0;
        // the compiler never shares an fentry/fexit program between sites: each is bound to its function at load
        if (program.sites().get(0).point() instanceof AttachPoint.Kfunc kfunc) {
            expectedAttachType = kfunc.end() == AttachPoint.ProbeEnd.ENTRY ? Bpf.ATTACH_TRACE_FENTRY : Bpf.ATTACH_TRACE_FEXIT;
            attachBtfId = btfFunctionId(program.probe(), kfunc.function());
        }
        return switch (bpf.loadProgram(program.type().kernelValue(), insns, program.name(), expectedAttachType, attachBtfId)) {
            case Bpf.ProgramLoad.Loaded loaded -> loaded.program();
            case Bpf.ProgramLoad.Rejected rejected -> {
                if (rejected.errno() == SystemCallException.EPERM && rejected.log().isBlank()) {
                    throw new PermissionDeniedException("loading the program for %s: %s".formatted(program.probe(), SystemCallException.describe(rejected.errno())), null);
                }
                throw new ProgramRejectedException(program.probe(), rejected.errno(), SystemCallException.describe(rejected.errno()), rejected.log());
            }
        };
    }

    private int btfFunctionId(String probe, String function) {
        try {
            return BtfReader.read(Path.of("/sys/kernel/btf/vmlinux")).functionId(function).orElseThrow(() ->
                    new AttachTargetNotFoundException("%s: kernel function %s has no BTF entry".formatted(probe, function),
                            "check the function name in /sys/kernel/btf/vmlinux (bpftool btf dump file /sys/kernel/btf/vmlinux)"));
        } catch (IOException e) {
            throw new AttachTargetNotFoundException("%s: cannot read kernel BTF: %s".formatted(probe, e.getMessage()), "fentry probes need /sys/kernel/btf/vmlinux");
        }
    }

    /** lddw with a map pseudo source (PSEUDO_MAP_FD or PSEUDO_MAP_VALUE) carries the map's index into {@link BpfObject#maps()} until here; the kernel wants its fd. */
    static List<Insn> relocate(BpfProgram program, List<FileDescriptor> maps) {
        var insns = new ArrayList<>(program.insns());
        for (int pc = 0; pc < insns.size(); pc++) {
            var insn = insns.get(pc);
            // PSEUDO_MAP_VALUE keeps the value offset in the second slot; both name the map in the first
            if (!insn.isWide() || (insn.src() != Opcodes.PSEUDO_MAP_FD && insn.src() != Opcodes.PSEUDO_MAP_VALUE)) continue;
            if (insn.imm() < 0 || insn.imm() >= maps.size()) {
                throw new IllegalStateException("bug: %s pc %d refers to map %d of %d".formatted(program.name(), pc, insn.imm(), maps.size()));
            }
            insns.set(pc, new Insn(insn.opcode(), insn.dst(), insn.src(), insn.offset(), maps.get(insn.imm()).value()));
        }
        return insns;
    }
}

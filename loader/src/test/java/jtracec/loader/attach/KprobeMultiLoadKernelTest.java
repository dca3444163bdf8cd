package jtracec.loader.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jtracec.loader.KernelRequirement;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.PerfEvent;
import jtracec.loader.sys.SystemCallException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.ProgramType;
import org.junit.jupiter.api.Test;

/**
 * The expected attach type really reaches the kernel: a kprobe program loaded as
 * BPF_TRACE_KPROBE_MULTI is refused by a perf-event link (the kernel keeps it for kprobe_multi
 * links, bpf_prog_attach_check_attach_type), while the same program loaded plainly links to a
 * perf-event probe. Observed on a uprobe perf event, which takes kprobe programs and needs no kprobes.
 */
class KprobeMultiLoadKernelTest {
    private final Bpf bpf = new Bpf();
    private final PerfEvent perf = new PerfEvent();

    @Test
    void aKprobeMultiProgramCannotBeLinkedToAPerfEventButAPlainKprobeProgramCan() throws Exception {
        KernelRequirement.requireBpf();
        var uprobePmu = Path.of("/sys/bus/event_source/devices/uprobe/type");
        KernelRequirement.require(Files.isReadable(uprobePmu), "the uprobe PMU is needed to hold a perf-event link");
        var binary = Attacher.resolveBinary("true");
        var attributes = PerfEvent.Attributes.of(Integer.parseInt(Files.readString(uprobePmu).strip()), 0).withPath(binary.toString(), 0)
                .withFlagBits(PerfEvent.BIT_DISABLED);
        var insns = List.of(Asm.mov64(Reg.R0, 0L), Asm.exit());
        try (var event = perf.open(attributes, -1, 0);
             var multi = loaded(bpf.loadProgram(ProgramType.KPROBE.kernelValue(), insns, "multi", Bpf.ATTACH_TRACE_KPROBE_MULTI, 0));
             var plain = loaded(bpf.loadProgram(ProgramType.KPROBE.kernelValue(), insns, "plain", 0, 0))) {
            var refused = assertThrows(SystemCallException.class, () -> bpf.linkPerfEvent(multi, event).close());
            assertEquals(SystemCallException.EINVAL, refused.errno(), refused.getMessage());
            try (var link = bpf.linkPerfEvent(plain, event)) {
                assertEquals(true, link.value() >= 0);
            }
        }
    }

    @Test
    void theFeatureProbeAgreesWithTheKernelsKprobeMultiLinks() {
        KernelRequirement.requireBpf();
        var target = new LiveTarget();
        if (!target.supports(KernelFeature.KPROBES)) {
            System.out.println("[skipped] kprobe_multi attach: " + target.describe() + " has no kprobes (CONFIG_KPROBES)");
            assertEquals(false, target.supports(KernelFeature.KPROBE_MULTI), "no kprobe_multi links without kprobes");
            return;
        }
        // with kprobes, a real kprobe_multi link decides: the probe must say what the kernel does
        var insns = List.of(Asm.mov64(Reg.R0, 0L), Asm.exit());
        try (var program = loaded(bpf.loadProgram(ProgramType.KPROBE.kernelValue(), insns, "multi", Bpf.ATTACH_TRACE_KPROBE_MULTI, 0))) {
            boolean links;
            try (var link = bpf.linkKprobeMulti(program, List.of("vfs_read", "vfs_write"), 0)) {
                links = true;
            } catch (SystemCallException e) {
                links = false;
            }
            assertEquals(links, target.supports(KernelFeature.KPROBE_MULTI));
        }
    }

    private static FileDescriptor loaded(Bpf.ProgramLoad load) {
        return assertInstanceOf(Bpf.ProgramLoad.Loaded.class, load, load::toString).program();
    }
}

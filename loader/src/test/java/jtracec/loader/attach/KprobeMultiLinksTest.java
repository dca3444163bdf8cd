package jtracec.loader.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jtracec.loader.sys.Bpf;
import jtracec.loader.target.SnapshotTarget;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachPoint.ProbeEnd;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a kprobe program is loaded and attached as kprobe_multi, and which links it gets. */
class KprobeMultiLinksTest {
    @TempDir
    Path directory;

    @Test
    void aWildcardOnAKernelWithKprobeMultiIsOneLinkLoadedWithThatAttachType() throws IOException {
        var program = program(kprobe("vfs_read", ProbeEnd.ENTRY), kprobe("vfs_readv", ProbeEnd.ENTRY), kprobe("vfs_readlink", ProbeEnd.ENTRY));
        var target = target(true);
        assertTrue(KprobeMultiLinks.isUsedFor(program, target));
        assertEquals(Bpf.ATTACH_TRACE_KPROBE_MULTI, KprobeMultiLinks.expectedAttachType(program, target));
        var links = KprobeMultiLinks.links(program);
        assertEquals(1, links.size());
        assertEquals(List.of("vfs_read", "vfs_readv", "vfs_readlink"), links.get(0).functions());
        assertEquals(0, links.get(0).flags());
        assertEquals(3, links.get(0).sites().size());
    }

    @Test
    void kretprobesSetTheReturnFlagAndABlockMixingEndsGetsOneLinkPerEnd() throws IOException {
        var program = program(kprobe("vfs_read", ProbeEnd.RETURN), kprobe("vfs_write", ProbeEnd.ENTRY), kprobe("vfs_writev", ProbeEnd.RETURN));
        assertTrue(KprobeMultiLinks.isUsedFor(program, target(true)));
        var links = KprobeMultiLinks.links(program);
        assertEquals(2, links.size());
        assertEquals(List.of("vfs_write"), links.get(0).functions());
        assertEquals(0, links.get(0).flags());
        assertEquals(List.of("vfs_read", "vfs_writev"), links.get(1).functions());
        assertEquals(Bpf.KPROBE_MULTI_RETURN, links.get(1).flags());
    }

    @Test
    void aRepeatedFunctionIsNamedOnceInItsLink() {
        var program = program(kprobe("vfs_read", ProbeEnd.ENTRY), kprobe("vfs_read", ProbeEnd.ENTRY), kprobe("vfs_write", ProbeEnd.ENTRY));
        var links = KprobeMultiLinks.links(program);
        assertEquals(List.of("vfs_read", "vfs_write"), links.get(0).functions());
        assertEquals(3, links.get(0).sites().size(), "every site still counts as a probe");
    }

    @Test
    void aKernelWithoutKprobeMultiKeepsPerfEventKprobesAndNoAttachType() throws IOException {
        var program = program(kprobe("vfs_read", ProbeEnd.ENTRY), kprobe("vfs_write", ProbeEnd.ENTRY));
        assertFalse(KprobeMultiLinks.isUsedFor(program, target(false)));
        assertEquals(0, KprobeMultiLinks.expectedAttachType(program, target(false)));
    }

    @Test
    void aSingleSiteKeepsItsPerfEventKprobe() throws IOException {
        var program = program(kprobe("vfs_read", ProbeEnd.ENTRY));
        assertFalse(KprobeMultiLinks.isUsedFor(program, target(true)));
        assertEquals(0, KprobeMultiLinks.expectedAttachType(program, target(true)));
    }

    @Test
    void anOffsetCannotBeAKprobeMultiSite() throws IOException {
        var program = program(kprobe("vfs_read", ProbeEnd.ENTRY), new AttachSite("kprobe:vfs_write+4", new AttachPoint.Kprobe("vfs_write", 4, ProbeEnd.ENTRY)));
        assertFalse(KprobeMultiLinks.isUsedFor(program, target(true)));
    }

    @Test
    void aModuleQualifiedFunctionOrAnotherKindOfSiteKeepsThePerfEventPath() throws IOException {
        assertFalse(KprobeMultiLinks.isUsedFor(program(kprobe("vfs_read", ProbeEnd.ENTRY),
                new AttachSite("kprobe:ext4:ext4_file_open", new AttachPoint.Kprobe("ext4:ext4_file_open", 0, ProbeEnd.ENTRY))), target(true)));
        assertFalse(KprobeMultiLinks.isUsedFor(program(kprobe("vfs_read", ProbeEnd.ENTRY),
                new AttachSite("uprobe:/bin/bash:readline", new AttachPoint.Uprobe("/bin/bash", "readline", 0, ProbeEnd.ENTRY))), target(true)));
    }

    private static AttachSite kprobe(String function, ProbeEnd end) {
        return new AttachSite((end == ProbeEnd.ENTRY ? "kprobe:" : "kretprobe:") + function, new AttachPoint.Kprobe(function, 0, end));
    }

    private static BpfProgram program(AttachSite... sites) {
        var insns = List.of(Asm.mov64(Reg.R0, 0L), Asm.exit());
        return new BpfProgram("kprobe_vfs", "kprobe:vfs_*", ProgramType.KPROBE, List.of(sites), insns,
                LineTable.unknown("test.bt", insns.size()), SourceSpan.unknown("test.bt"));
    }

    private Target target(boolean hasKprobeMulti) throws IOException {
        var file = directory.resolve("host-" + hasKprobeMulti + ".json");
        Files.writeString(file, """
                {"format": "jtracec-target-snapshot/1", "describe": "this kernel (6.18.0)", "possibleCpus": 2,
                 "features": {"KPROBES": true, "KPROBE_MULTI": %s}, "tracepoints": [], "kernelFunctions": ["vfs_read", "vfs_write"]}
                """.formatted(hasKprobeMulti));
        return SnapshotTarget.read(file);
    }
}

package jtracec.loader.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jtracec.loader.symbols.ElfFormatException;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachPoint.ProbeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramSectionTest {
    @Test
    void tracingSectionsGiveTheirTypeAndAttachPointAsLibbpfReadsThem() throws Exception {
        assertEquals(new ProgramSection(ProgramType.TRACEPOINT, new AttachPoint.Tracepoint("sched", "sched_switch")), ProgramSection.of("tp/sched/sched_switch"));
        assertEquals(new ProgramSection(ProgramType.RAW_TRACEPOINT, new AttachPoint.RawTracepoint("sys_exit")), ProgramSection.of("raw_tracepoint/sys_exit"));
        assertEquals(new ProgramSection(ProgramType.TRACING, new AttachPoint.RawTracepoint("sched_switch")), ProgramSection.of("tp_btf/sched_switch"));
        assertEquals(new ProgramSection(ProgramType.KPROBE, new AttachPoint.Kprobe("do_unlinkat", 0x10, ProbeEnd.ENTRY)), ProgramSection.of("kprobe/do_unlinkat+0x10"));
        assertEquals(new ProgramSection(ProgramType.KPROBE, new AttachPoint.Kprobe("vfs_read", 0, ProbeEnd.RETURN)), ProgramSection.of("kretprobe/vfs_read"));
        assertEquals(new ProgramSection(ProgramType.KPROBE, new AttachPoint.Uprobe("/bin/bash", "readline", 0, ProbeEnd.RETURN)), ProgramSection.of("uretprobe//bin/bash:readline"));
        assertEquals(new ProgramSection(ProgramType.KPROBE, new AttachPoint.Uprobe("", "", 0, ProbeEnd.ENTRY)), ProgramSection.of("uprobe"));
        assertEquals(new ProgramSection(ProgramType.TRACING, new AttachPoint.Kfunc("vfs_write", ProbeEnd.RETURN)), ProgramSection.of("fexit/vfs_write"));
        assertEquals(ProgramType.PERF_EVENT, ProgramSection.of("perf_event").type());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xdp", "socket", "tc", "classifier/ingress", "cgroup_skb/ingress", "lsm/file_open", "iter/task", "uprobe.s//bin/sh:main",
            "kprobe.multi/vfs_*", "fentry.s/vfs_read", "usdt/libc:setjmp", "sk_msg"})
    void knownButUnmodelledKindsAreNotSupportedYet(String section) {
        var e = assertThrows(ElfFormatException.class, () -> ProgramSection.of(section));
        assertTrue(e.getMessage().contains("section '" + section + "'") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tracepoint/syscalls", "tracepoint/", "raw_tp/", "fentry/", "kprobe/f+x"})
    void sectionsMissingTheirAttachPointSayWhatToWrite(String section) {
        var e = assertThrows(ElfFormatException.class, () -> ProgramSection.of(section));
        assertTrue(e.getMessage().contains("section '" + section + "'") && e.getMessage().contains("write SEC("), e.getMessage());
    }

    @Test
    void anUnknownSectionIsNamed() {
        var e = assertThrows(ElfFormatException.class, () -> ProgramSection.of("handlers"));
        assertTrue(e.getMessage().contains("section 'handlers'") && e.getMessage().contains("not a program section libbpf knows"), e.getMessage());
    }
}

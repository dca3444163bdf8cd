package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code -l} and {@code -lv}, as bpftrace prints them. */
class ProbeListingTest {
    @Test
    void globMatchesTheWholeProbeName() {
        assertTrue(ProbeListing.search("tracepoint:syscalls:sys_enter_open*").matches("tracepoint:syscalls:sys_enter_openat"));
        assertFalse(ProbeListing.search("tracepoint:syscalls:sys_enter_open*").matches("tracepoint:syscalls:sys_exit_openat"));
        assertTrue(ProbeListing.search("t?acepoint:*").matches("tracepoint:a:b"));
    }

    @Test
    void aSearchWithoutWildcardOrColonMatchesAnywhere() {
        assertTrue(ProbeListing.search("openat").matches("tracepoint:syscalls:sys_exit_openat2"));
        assertFalse(ProbeListing.search("openat").matches("tracepoint:syscalls:sys_exit_read"));
    }

    @Test
    @Tag("kernel")
    void listsMatchingTracepointsOnePerLine() {
        KernelRequirement.require();
        var result = Jtracec.run("-l", "tracepoint:syscalls:sys_enter_open*");
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.contains("tracepoint:syscalls:sys_enter_openat"), result.out());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("tracepoint:syscalls:sys_enter_open")), result.out());
    }

    @Test
    @Tag("kernel")
    void verboseListingShowsTracepointArgumentsWithoutTheCommonHeader() {
        KernelRequirement.require();
        var result = Jtracec.run("-lv", "tracepoint:syscalls:sys_enter_openat");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                tracepoint:syscalls:sys_enter_openat
                    int __syscall_nr
                    int dfd
                    const char * filename
                    int flags
                    umode_t mode
                """, result.out());
    }

    @Test
    @Tag("kernel")
    void ftraceInternalEventsAreNotListedBecauseTheyCannotBeAttached() {
        KernelRequirement.require();
        var result = Jtracec.run("-l", "tracepoint:ftrace:*");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.out());
    }

    @Test
    void softwareEventsAreListedByNameWithTheirTrailingColon() {
        var result = Jtracec.run("-l", "software:*faults*");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                software:alignment-faults:
                software:emulation-faults:
                software:major-faults:
                software:minor-faults:
                software:page-faults:
                """, result.out());
    }

    @Test
    @Tag("kernel")
    void hardwareEventsAreListedOnlyWhereTheKernelCanCountThem() {
        KernelRequirement.require();
        var target = new jtracec.loader.target.LiveTarget();
        var result = Jtracec.run("-l", "hardware:*");
        assertEquals(0, result.exitCode(), result.err());
        if (target.supports(jtracec.spec.kernel.KernelFeature.HARDWARE_PMU)) {
            assertEquals(10, result.out().lines().count(), result.out());
            assertTrue(result.out().lines().toList().contains("hardware:cache-misses:"), result.out());
        } else {
            assertEquals("", result.out());
        }
    }

    @Test
    void aBinarysUprobesAreListedBySymbolAndMatchedByDemangledName() {
        var result = Jtracec.run("-l", "uprobe:/lib/x86_64-linux-gnu/libc.so.6:mallo?");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("uprobe:/lib/x86_64-linux-gnu/libc.so.6:malloc\n", result.out());
        var cxx = Jtracec.run("-l", "uprobe:/usr/lib/x86_64-linux-gnu/libstdc++.so.6:std::basic_ostream<char, std::char_traits<char> >::flush");
        assertEquals(List.of("uprobe:/usr/lib/x86_64-linux-gnu/libstdc++.so.6:_ZNSo5flushEv"), cxx.out().lines().toList(), cxx.err());
    }

    @Test
    void verboseKfuncListingShowsBtfParametersThenRetval() {
        var types = new jtracec.spec.kernel.KernelTypes(List.of(
                new jtracec.spec.kernel.BtfType.Void(),
                new jtracec.spec.kernel.BtfType.Int("int", 4, true, false, false),
                new jtracec.spec.kernel.BtfType.Struct("sock", 8, false, List.of()),
                new jtracec.spec.kernel.BtfType.Pointer(2),
                new jtracec.spec.kernel.BtfType.Typedef("size_t", 5),
                new jtracec.spec.kernel.BtfType.Int("unsigned long", 8, false, false, false),
                new jtracec.spec.kernel.BtfType.FunctionProto(1, List.of(
                        new jtracec.spec.kernel.BtfType.Parameter("sk", 3), new jtracec.spec.kernel.BtfType.Parameter("size", 4))),
                new jtracec.spec.kernel.BtfType.Function("tcp_sendmsg", 6, 1)));
        assertEquals(List.of("struct sock * sk", "size_t size", "int retval"), ProbeListing.kfuncArguments(types, "tcp_sendmsg"));
        assertEquals(List.of(), ProbeListing.kfuncArguments(types, "no_such_function"));
    }
}

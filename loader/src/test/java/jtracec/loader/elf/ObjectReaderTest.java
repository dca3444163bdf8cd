package jtracec.loader.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jtracec.loader.symbols.ElfFormatException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.MapSpec;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectReaderTest {
    @TempDir
    Path dir;

    private final ObjectReader reader = new ObjectReader();

    @Test
    void everyFunctionOfEverySectionIsOneProgramWithItsAttachPoint() throws Exception {
        var object = reader.read(ClangObjects.compile("counter", dir)).object();
        assertEquals(List.of("count_openat", "count_openat_again", "count_syscall"), object.programs().stream().map(p -> p.name()).toList());
        var openat = object.programs().get(0);
        assertEquals(ProgramType.TRACEPOINT, openat.type());
        assertEquals(new AttachPoint.Tracepoint("syscalls", "sys_enter_openat"), openat.sites().get(0).point());
        assertEquals("tracepoint/syscalls/sys_enter_openat", openat.probe());
        assertEquals(ProgramType.RAW_TRACEPOINT, object.programs().get(2).type());
        assertEquals(new AttachPoint.RawTracepoint("sys_enter"), object.programs().get(2).sites().get(0).point());
        assertEquals(List.of(new MapSpec("counts", MapType.HASH, 4, 8, 1024, java.util.Optional.empty())), object.maps());
    }

    @Test
    void eachMapLoadNamesTheMapItsSymbolDefines() throws Exception {
        var object = reader.read(ClangObjects.compile("opensnoop", dir)).object();
        assertEquals(java.util.Set.of(new MapSpec("events", MapType.RINGBUF, 0, 0, 1 << 16, java.util.Optional.empty()),
                new MapSpec("ignored", MapType.HASH, 4, 1, 128, java.util.Optional.empty())), java.util.Set.copyOf(object.maps()));
        var loaded = new java.util.ArrayList<String>();
        for (var insn : object.programs().get(0).insns()) {
            if (insn.isWide() && insn.src() == Opcodes.PSEUDO_MAP_FD) loaded.add(object.maps().get(insn.imm()).name());
        }
        assertEquals(List.of("ignored", "events"), loaded, "the lookup reads 'ignored', the reservation takes from 'events'");
        assertTrue(verify(reader.read(ClangObjects.compile("opensnoop", dir))).isProved());
    }

    @Test
    void aSafeObjectIsProvedAndItsSpansAreCLines() throws Exception {
        var foreign = reader.read(ClangObjects.compile("counter", dir));
        var report = verify(foreign);
        assertTrue(report.isProved(), () -> report.diagnostics().toString());
        var span = foreign.object().programs().get(0).span();
        assertEquals(ClangObjects.source("counter").toString(), span.file());
        assertTrue(span.line() > 0);
        String quoted = foreign.sources().stream().filter(s -> s.name().equals(span.file())).findFirst().orElseThrow().line(span.line()).orElseThrow();
        assertEquals(Files.readAllLines(ClangObjects.source("counter")).get(span.line() - 1), quoted);
    }

    @Test
    void aMissingNullCheckIsReportedAtItsCLine() throws Exception {
        var report = verify(reader.read(ClangObjects.compile("missing_null_check", dir)));
        assertError(report, "E0302", "missing_null_check");
    }

    @Test
    void anOutOfBoundsReadIsReportedAtItsCLine() throws Exception {
        var report = verify(reader.read(ClangObjects.compile("out_of_bounds", dir)));
        assertError(report, "E0301", "out_of_bounds");
    }

    @Test
    void aSubprogramIsAppendedAndItsCallReAimed() throws Exception {
        var foreign = reader.read(ClangObjects.compile("subprogram", dir));
        var program = foreign.object().programs().get(0);
        assertEquals(8, program.insns().size(), "4 instructions of calls_subprogram, then the 4 of scale");
        var call = program.insns().get(1);
        assertEquals(Opcodes.PSEUDO_CALL, call.src());
        assertEquals(4, 1 + call.imm() + 1, "the call lands on the appended copy of scale");
        assertTrue(program.lines().spanAt(4).line() < program.lines().spanAt(0).line(), "scale's code keeps scale's lines");
        assertError(verify(foreign), "E0331", "subprogram");
    }

    @Test
    void globalDataBecomesArrayMapsReadThroughMapValueLoads() throws Exception {
        var foreign = reader.read(ClangObjects.compile("global_data", dir));
        var maps = foreign.object().maps();
        assertEquals(List.of(".data", ".bss"), maps.stream().map(MapSpec::name).sorted(java.util.Comparator.reverseOrder()).toList());
        assertTrue(maps.stream().allMatch(m -> m.type() == MapType.ARRAY && m.maxEntries() == 1 && m.valueSize() == 8));
        var load = foreign.object().programs().get(0).insns().get(0);
        assertEquals(Opcodes.PSEUDO_MAP_VALUE, load.src());
        assertEquals(".bss", maps.get(load.imm()).name(), "calls = 0 lives in .bss");
        // a one-element array's value addressed directly is a map-value pointer the verifier follows
        var report = verify(foreign);
        assertTrue(report.isProved(), () -> report.diagnostics().toString());
    }

    @Test
    void legacyMapDefinitionsAreRead() throws Exception {
        var foreign = reader.read(ClangObjects.compile("legacy_maps", dir));
        assertEquals(List.of(new MapSpec("starts", MapType.ARRAY, 4, 8, 4, java.util.Optional.empty())), foreign.object().maps());
        var report = verify(foreign);
        assertTrue(report.isProved(), () -> report.diagnostics().toString());
    }

    @Test
    void withoutLineInfoSpansNameTheSectionAndInstruction() throws Exception {
        Path object = withoutBtfExt(ClangObjects.compile("missing_null_check", dir));
        var foreign = reader.read(object);
        var report = verify(foreign);
        var error = report.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals("E0302", error.code().id());
        assertEquals(object + ":tracepoint/syscalls/sys_enter_close", error.span().file());
        int pc = error.span().line() - 1;
        var listing = foreign.sources().stream().filter(s -> s.name().equals(error.span().file())).findFirst().orElseThrow();
        assertTrue(listing.line(error.span().line()).orElseThrow().startsWith(pc + ": r1 = *(u64 *)(r0 +0)"),
                () -> "line " + error.span().line() + " of " + listing.text());
    }

    @Test
    void anObjectWithNoDebugInfoAtAllIsReadWithLegacyMaps() throws Exception {
        var foreign = reader.read(ClangObjects.compileWithoutLineInfo("legacy_maps", dir));
        var program = foreign.object().programs().get(0);
        assertTrue(program.lines().spans().stream().allMatch(span -> span.file().endsWith(".o:tracepoint/sched/sched_switch")));
        assertTrue(verify(foreign).isProved());
    }

    /** The object as if its compiler wrote no .BTF.ext: the section renamed, so nothing reads it. */
    private Path withoutBtfExt(Path object) throws Exception {
        byte[] bytes = Files.readAllBytes(object);
        byte[] name = ".BTF.ext".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int at = 0; at + name.length <= bytes.length; at++) {
            if (java.util.Arrays.equals(bytes, at, at + name.length, name, 0, name.length)) bytes[at + name.length - 1] = 'x';
        }
        return Files.write(dir.resolve("stripped.o"), bytes);
    }

    @Test
    void anXdpProgramIsRefusedByItsSection() throws Exception {
        var e = assertThrows(ElfFormatException.class, () -> reader.read(ClangObjects.compile("xdp", dir)));
        assertTrue(e.getMessage().contains("section 'xdp'") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void coReRelocationsAreNotSupportedYetAndNameTheProgram() throws Exception {
        var e = assertThrows(ElfFormatException.class, () -> reader.read(ClangObjects.compile("core_relocation", dir)));
        assertTrue(e.getMessage().contains("program 'read_pid'") && e.getMessage().contains("CO-RE") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void externsAreNotSupportedYetAndNameTheSymbol() throws Exception {
        var e = assertThrows(ElfFormatException.class, () -> reader.read(ClangObjects.compile("kconfig_extern", dir)));
        assertTrue(e.getMessage().contains("extern 'LINUX_KERNEL_VERSION'") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void anUnknownSectionIsNamed() throws Exception {
        var e = assertThrows(ElfFormatException.class, () -> reader.read(ClangObjects.compile("unknown_section", dir)));
        assertTrue(e.getMessage().contains("section 'mystery/probe'"), e.getMessage());
    }

    @Test
    void anElfThatIsNotAnEbpfObjectIsRefused() throws Exception {
        Path shell = Path.of("/bin/sh").toRealPath();
        assertTrue(ObjectReader.isElf(shell));
        var e = assertThrows(ElfFormatException.class, () -> reader.read(shell));
        assertTrue(e.getMessage().contains("not a relocatable eBPF object"), e.getMessage());
    }

    @Test
    void aTruncatedObjectIsRefusedWithoutACrash() throws Exception {
        byte[] whole = Files.readAllBytes(ClangObjects.compile("counter", dir));
        for (int length : new int[] {4, 63, 200, whole.length / 2, whole.length - 1}) {
            Path cut = Files.write(dir.resolve("cut-" + length + ".o"), java.util.Arrays.copyOf(whole, length));
            assertThrows(java.io.IOException.class, () -> reader.read(cut), "cut at " + length);
        }
    }

    @Test
    void corruptedObjectsAreReadOrRefusedButNeverCrashTheReader() throws Exception {
        byte[] whole = Files.readAllBytes(ClangObjects.compile("counter", dir));
        var random = new java.util.Random(6);
        for (int mutant = 0; mutant < 400; mutant++) {
            byte[] bytes = whole.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            Path corrupted = Files.write(dir.resolve("mutant.o"), bytes);
            try {
                reader.read(corrupted);
            } catch (java.io.IOException expected) {
                // refused with a message: what a user sees as "jtracec: error: ..."
            }
        }
    }

    @Test
    void aScriptIsNotElf() throws Exception {
        assertFalse(ObjectReader.isElf(ClangObjects.source("counter")));
        assertFalse(ObjectReader.isElf(dir.resolve("absent.o")));
    }

    private static VerificationReport verify(ForeignObject foreign) {
        return new Verifier(VerifierOptions.defaults()).verify(foreign.object(), new LiveTarget());
    }

    private static void assertError(VerificationReport report, String code, String source) throws Exception {
        var errors = report.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertFalse(report.isProved());
        assertTrue(errors.stream().allMatch(e -> e.code().id().equals(code)), errors::toString);
        var error = errors.get(0);
        assertEquals(code, error.code().id(), error::toString);
        assertEquals(ClangObjects.source(source).toString(), error.span().file());
        assertEquals(ClangObjects.markedLine(source, code), error.span().line(), error::toString);
    }
}

package jtracec.loader.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jtracec.loader.KernelRequirement;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.object.BpfObject;
import jtracec.verifier.Verifier;
import jtracec.verifier.VerifierOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What jtracec proves about a clang-built object, the kernel's verifier must accept (zero false
 * accepts); and the unsafe test programs must be unsafe for the kernel too, or they test nothing.
 * Objects are loaded the libbpf way, with {@code bpftool prog loadall} into a bpffs directory
 * that is removed afterwards (removing the pins unloads the programs). Linking is checked by
 * loading what the reader linked and running it ({@code BPF_PROG_TEST_RUN}).
 */
class ObjectKernelAcceptanceTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");

    @TempDir
    Path dir;

    @BeforeEach
    void kernel() throws Exception {
        KernelRequirement.requireBpf();
        KernelRequirement.require(ClangObjects.run(List.of("bpftool", "version")).exit() == 0, "bpftool is not installed");
        KernelRequirement.require(Files.isDirectory(BPFFS), "no bpffs at " + BPFFS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"counter", "opensnoop", "missing_null_check", "out_of_bounds", "global_data"})
    void jtracecAndTheKernelAgree(String name) throws Exception {
        Path object = ClangObjects.compile(name, dir);
        var report = new Verifier(VerifierOptions.defaults()).verify(new ObjectReader().read(object).object(), new LiveTarget());
        boolean isUnsafe = Files.readString(ClangObjects.source(name)).contains("//~ error[");
        assertEquals(!isUnsafe, report.isProved(), () -> report.diagnostics().toString());
        var loaded = loadAll(object, name);
        if (report.isProved()) assertEquals(0, loaded.exit(), () -> "jtracec proved " + name + " but the kernel refused it:\n" + loaded.output());
        else assertFalse(loaded.exit() == 0, name + " is refused by jtracec but the kernel loads it: the test program is not unsafe");
    }

    /** The kernel runs the program as linked here (subprogram appended, call re-aimed): scale(a) & 1 = (3a + 1) & 1. */
    @Test
    void aLinkedSubprogramRunsInTheKernelAsTheCSays() throws Exception {
        var program = new ObjectReader().read(ClangObjects.compile("subprogram", dir)).object().programs().get(0);
        var bpf = new Bpf();
        var load = bpf.loadProgram(program.type().kernelValue(), program.insns(), "calls_subprog");
        var loaded = assertInstanceOf(Bpf.ProgramLoad.Loaded.class, load, load::toString);
        try (var fd = loaded.program()) {
            for (long argument : new long[] {0, 1, 2, 7}) {
                var args = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(argument).array();
                assertEquals((3 * argument + 1) & 1, bpf.testRun(fd, args), "args[1] = " + argument);
            }
        }
    }

    /** Global variables as libbpf keeps them: each data section one array map, each variable at its offset. */
    @Test
    void globalVariablesLandInTheirSectionsMapsAtTheirOffsets() throws Exception {
        var object = new ObjectReader().read(ClangObjects.compile("global_data", dir)).object();
        var bpf = new Bpf();
        var fds = new ArrayList<FileDescriptor>();
        try {
            for (var map : object.maps()) fds.add(bpf.createMap(map.type().kernelValue(), map.keySize(), map.valueSize(), map.maxEntries(), "jtracec_test"));
            var insns = new ArrayList<>(object.programs().get(0).insns());
            for (int pc = 0; pc < insns.size(); pc++) {
                var insn = insns.get(pc);
                if (insn.isWide() && insn.src() == Opcodes.PSEUDO_MAP_VALUE) {
                    insns.set(pc, new Insn(insn.opcode(), insn.dst(), insn.src(), 0, fds.get(insn.imm()).value()));
                }
            }
            var loaded = assertInstanceOf(Bpf.ProgramLoad.Loaded.class, bpf.loadProgram(object.programs().get(0).type().kernelValue(), insns, "globals"));
            try (var fd = loaded.program()) {
                for (long id : new long[] {41, 42}) {
                    bpf.testRun(fd, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(id).array());
                }
            }
            assertEquals(2, valueOf(bpf, fds.get(mapNamed(object, ".bss"))), "calls");
            assertEquals(42, valueOf(bpf, fds.get(mapNamed(object, ".data"))), "last_id");
        } finally {
            fds.forEach(FileDescriptor::close);
        }
    }

    private static int mapNamed(BpfObject object, String name) {
        for (int i = 0; i < object.maps().size(); i++) {
            if (object.maps().get(i).name().equals(name)) return i;
        }
        throw new IllegalStateException("bug: no map " + name);
    }

    private static long valueOf(Bpf bpf, FileDescriptor map) {
        var value = new byte[8];
        assertTrue(bpf.lookup(map, new byte[4], value));
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static ClangObjects.Result loadAll(Path object, String name) throws Exception {
        Path pins = BPFFS.resolve("jtracec-elf-test-%d-%s".formatted(ProcessHandle.current().pid(), name));
        try {
            return ClangObjects.run(List.of("bpftool", "prog", "loadall", object.toString(), pins.toString()));
        } finally {
            remove(pins);
            assertTrue(Files.notExists(pins), "pins left in " + pins);
        }
    }

    private static void remove(Path pins) throws IOException {
        if (Files.notExists(pins)) return;
        try (Stream<Path> paths = Files.walk(pins)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}

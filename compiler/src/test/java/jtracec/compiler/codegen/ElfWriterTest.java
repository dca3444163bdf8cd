package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.spec.object.BpfObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Emitted ELF objects are what libbpf loads: {@code bpftool prog loadall} accepts every skeleton script. */
class ElfWriterTest {
    @Test
    void headerSaysRelocatableEbpfLittleEndian() {
        byte[] elf = new ElfWriter().write(ScriptCompilationTest.compileChecked(SkeletonScripts.all().get("hello"),
                CompileOptions.defaults()));
        assertEquals(0x7f, elf[0]);
        assertEquals('E', elf[1]);
        assertEquals(2, elf[4]);
        assertEquals(1, elf[5]);
        assertEquals(1, elf[16]);
        assertEquals(247, elf[18] & 0xff);
    }

    @TestFactory
    Stream<DynamicTest> bpftoolLoadsEveryProgramOfTheEmittedElf() {
        return SkeletonScripts.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            BpfObject object = ScriptCompilationTest.compileChecked(e.getValue(), CompileOptions.defaults());
            String output = loadAll(new ElfWriter().write(object), object.programs().size());
            System.out.println(e.getKey() + ": " + output.strip());
        }));
    }

    /** Loads with bpftool, counts the pinned programs, cleans up; returns bpftool's output. */
    private static String loadAll(byte[] elf, int programs) throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("JTRACEC_REQUIRE_KERNEL"));
        String reason = !"root".equals(System.getProperty("user.name")) ? "not running as root"
                : !Files.isExecutable(Path.of("/usr/sbin/bpftool")) ? "no /usr/sbin/bpftool"
                : !Files.isDirectory(Path.of("/sys/fs/bpf")) ? "no BPF filesystem at /sys/fs/bpf" : "";
        if (!reason.isEmpty()) {
            if (required) throw new AssertionError("JTRACEC_REQUIRE_KERNEL=1 but " + reason);
            System.out.println("skipping bpftool load: " + reason);
            assumeTrue(false, reason);
        }
        Path file = Files.createTempFile("jtracec", ".o");
        Path pins = Path.of("/sys/fs/bpf/jtracec-test-" + UUID.randomUUID());
        try {
            Files.write(file, elf);
            Process p = new ProcessBuilder("/usr/sbin/bpftool", "prog", "loadall", file.toString(), pins.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            assertEquals(0, rc, output);
            try (Stream<Path> pinned = Files.list(pins)) {
                assertEquals(programs, pinned.count(), "pinned programs");
            }
            return output;
        } finally {
            Files.deleteIfExists(file);
            if (Files.exists(pins)) {
                try (Stream<Path> all = Files.walk(pins)) {
                    all.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
                }
            }
            assertTrue(!Files.exists(pins), "pinned programs removed");
        }
    }
}

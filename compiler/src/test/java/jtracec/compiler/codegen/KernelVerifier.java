package jtracec.compiler.codegen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jtracec.spec.isa.Insn;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapSpec;

/**
 * Test-only bridge to the kernel's verifier: hands an object to {@code kernel/load.py}, which
 * creates its maps and loads its programs with bpf(2). Skips with a reason where that cannot run,
 * and fails instead when JTRACEC_REQUIRE_KERNEL=1.
 */
final class KernelVerifier {
    record Result(boolean isAccepted, String output) {}

    static Result load(BpfObject object) throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("JTRACEC_REQUIRE_KERNEL"));
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            if (required) throw new AssertionError("JTRACEC_REQUIRE_KERNEL=1 but " + reason);
            System.out.println("skipping kernel load: " + reason);
            assumeTrue(false, reason);
        }
        var input = new StringBuilder();
        for (MapSpec map : object.maps()) {
            input.append("map %d %d %d %d%n".formatted(map.type().kernelValue(), map.keySize(), map.valueSize(), map.maxEntries()));
        }
        for (BpfProgram program : object.programs()) {
            input.append("prog %s %d %s%n".formatted(program.name(), program.type().kernelValue(), hex(program)));
        }
        Path script = Files.createTempFile("jtracec-load", ".py");
        try (var in = KernelVerifier.class.getResourceAsStream("/kernel/load.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process process = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        process.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = process.waitFor();
        Files.deleteIfExists(script);
        return new Result(rc == 0, output);
    }

    private static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) return "not running as root";
        if (!Files.exists(Path.of("/sys/fs/bpf"))) return "no BPF filesystem";
        try {
            Process p = new ProcessBuilder("python3", "-c", "import ctypes").start();
            if (p.waitFor() != 0) return "python3 with ctypes is not available";
        } catch (IOException | InterruptedException e) {
            return "python3 is not available";
        }
        return "";
    }

    private static String hex(BpfProgram program) {
        var out = new StringBuilder();
        for (Insn insn : program.insns()) {
            out.append("%02x%02x%02x%02x%02x%02x%02x%02x".formatted(insn.opcode(),
                    (insn.src() << 4) | insn.dst(), insn.offset() & 0xff, (insn.offset() >> 8) & 0xff,
                    insn.imm() & 0xff, (insn.imm() >> 8) & 0xff, (insn.imm() >> 16) & 0xff, (insn.imm() >>> 24)));
        }
        return out.toString();
    }
}

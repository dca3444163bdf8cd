package jtracec.loader.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jtracec.loader.KernelRequirement;

/**
 * Builds the C programs under {@code src/test/resources/elf} with clang at test time, as a
 * libbpf user would ({@code clang -target bpf -g -O2 -c}, headers from libbpf-dev). Where clang or
 * the headers are missing the test is skipped with the reason, or fails under
 * {@code JTRACEC_REQUIRE_KERNEL=1} (scripts/prepare-machine installs both).
 */
final class ClangObjects {
    static final Path SOURCES = Path.of("src/test/resources/elf").toAbsolutePath();
    private static final Path HELPERS = Path.of("/usr/include/bpf/bpf_helpers.h");

    private ClangObjects() {}

    /** The object for {@code name.c}, with line info. */
    static Path compile(String name, Path into) throws Exception {
        return build(name, into, List.of("-g"));
    }

    /** The object for {@code name.c} with no debug info at all: no .BTF, no .BTF.ext. */
    static Path compileWithoutLineInfo(String name, Path into) throws Exception {
        return build(name, into, List.of());
    }

    static Path source(String name) {
        return SOURCES.resolve(name + ".c");
    }

    /** The 1-based line of the {@code //~ error[CODE]} marker in a source. */
    static int markedLine(String name, String code) throws IOException {
        List<String> lines = Files.readAllLines(source(name));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("//~ error[" + code + "]")) return i + 1;
        }
        throw new IllegalStateException("bug: %s.c has no //~ error[%s] marker".formatted(name, code));
    }

    private static Path build(String name, Path into, List<String> extra) throws Exception {
        KernelRequirement.require(Files.exists(HELPERS), "libbpf headers (bpf/bpf_helpers.h from libbpf-dev) are not installed");
        var multiarch = run(List.of("clang", "-print-multiarch"));
        KernelRequirement.require(multiarch.exit() == 0, "clang is not installed: " + multiarch.output());
        Path object = into.resolve(name + (extra.isEmpty() ? "-nodebug" : "") + ".o");
        var command = new ArrayList<>(List.of("clang", "-target", "bpf", "-O2"));
        command.addAll(extra);
        command.addAll(List.of("-I/usr/include/" + multiarch.output().strip(), "-c", source(name).toString(), "-o", object.toString()));
        var compiled = run(command);
        if (compiled.exit() != 0) throw new IllegalStateException("clang failed on %s.c:%n%s".formatted(name, compiled.output()));
        return object;
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command) throws InterruptedException {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Uprobes on a Rust program built here with cargo (offline, no crates) in both symbol manglings:
 * demangled paths in probes and listings, arguments, return values, -c, and the inlined-function error.
 */
class RustUprobeTest {
    private static final Path SOURCE = Path.of("src/test/resources/rust/app");

    private enum Mangling { LEGACY, V0 }

    /** Copies the project into target/ and builds it there, so the source tree stays clean. */
    private static Path build(Mangling mangling) throws IOException, InterruptedException {
        KernelRequirement.require();
        Path cargo = KernelRequirement.requireTool("cargo", KernelRequirement.pathAnd(Path.of(System.getProperty("user.home"), ".cargo", "bin")));
        Path project = Path.of("target", "rust-app-" + mangling.name().toLowerCase()).toAbsolutePath();
        Files.createDirectories(project.resolve("src"));
        for (String file : List.of("Cargo.toml", "src/main.rs")) {
            Files.copy(SOURCE.resolve(file), project.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        var builder = new ProcessBuilder(cargo.toString(), "build", "--offline", "--release", "--quiet")
                .directory(project.toFile()).redirectErrorStream(true);
        builder.environment().put("RUSTFLAGS", mangling == Mangling.V0 ? "-C symbol-mangling-version=v0" : "");
        builder.environment().put("PATH", cargo.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        var process = builder.start();
        String log = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "cargo build timed out");
        assertEquals(0, process.exitValue(), "cargo build failed:\n" + log);
        return project.resolve("target/release/app");
    }

    @Test
    void argumentsAndReturnValuesOfALegacyManglingFunctionAreTracedByItsRustPath() throws Exception {
        assertCallsTraced(build(Mangling.LEGACY));
    }

    @Test
    void argumentsAndReturnValuesOfAV0ManglingFunctionAreTracedByItsRustPath() throws Exception {
        assertCallsTraced(build(Mangling.V0));
    }

    private static void assertCallsTraced(Path app) {
        var result = Jtracec.run("-e", """
                uprobe:%1$s:"app::server::handle" { printf("handle %%d %%d\\n", arg0, arg1); }
                uretprobe:%1$s:"app::server::handle" { printf("returned %%d\\n", retval); }
                uprobe:%1$s:"app::server::accept" { printf("accept %%d\\n", arg0); }
                """.formatted(app), "-c", app + " 3");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                Attaching 3 probes...
                handle 5 7
                returned 22
                accept 8080
                handle 6 7
                returned 25
                accept 8081
                handle 7 7
                returned 28
                accept 8082


                """, result.out());
    }

    @Test
    void aWildcardOverARustModuleAttachesToEachOfItsFunctions() throws Exception {
        Path app = build(Mangling.LEGACY);
        var result = Jtracec.run("-e", "uprobe:%s:\"app::server::*\" { @calls = count(); }".formatted(app), "-c", app + " 4");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Attaching 2 probes...\n\n\n@calls: 8\n", result.out());
    }

    @Test
    void listingsMatchDemangledPathsAndPrintSymbols() throws Exception {
        for (Mangling mangling : Mangling.values()) {
            Path app = build(mangling);
            var result = Jtracec.run("-l", "uprobe:%s:app::server::*".formatted(app));
            assertEquals(0, result.exitCode(), result.err());
            List<String> lines = result.out().lines().toList();
            assertEquals(2, lines.size(), result.out());
            assertTrue(lines.stream().allMatch(line -> line.startsWith("uprobe:" + app + ":_")), result.out());
            assertTrue(Stream.of("handle", "accept").allMatch(name -> result.out().contains(name)), result.out());
        }
    }

    @Test
    void anInlinedFunctionIsReportedAsInlinedInsteadOfAttachingNowhere() throws Exception {
        Path app = build(Mangling.LEGACY);
        var result = Jtracec.run("-e", "uprobe:%s:\"app::server::checksum\" { printf(\"never\\n\"); }".formatted(app), "-c", app + " 1");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("function app::server::checksum has no symbol in " + app + ": the compiler inlined it"), result.err());
        assertTrue(result.err().contains("help: "), result.err());
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --snapshot-target} on a machine with BPF, then {@code --verify --target} where there is
 * none: an unprivileged user (no root, no tracefs, bpf(2) refused) under strace, which must see
 * not one bpf system call.
 */
@Tag("kernel")
class OfflineVerifyTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @BeforeEach
    void needsKernelForTheSnapshot() {
        KernelRequirement.require();
    }

    @Test
    void verifyAgainstASnapshotNeedsNoBpfNoTracefsAndNoRoot() throws Exception {
        Path snapshot = dir.resolve("kernel.json");
        var written = Jtracec.run("--snapshot-target", snapshot.toString());
        assertEquals(0, written.exitCode(), written.err());
        Path script = dir.resolve("opens.bt");
        Files.writeString(script, "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }\n");

        Path trace = dir.resolve("strace.out");
        // strace stays root (it writes the trace); everything it starts runs as nobody
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=bpf", "-o", trace.toString(),
                "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", readableClassPath(), Main.class.getName(),
                "--verify", "--target", snapshot.toString(), script.toString()));
        makeReadableByAll(dir);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("1 program, ") && output.contains(" obligations proven"), output);
        List<String> bpfCalls = Files.readAllLines(trace).stream().filter(line -> line.contains("bpf(")).toList();
        assertEquals(List.of(), bpfCalls, "an offline --verify must not call bpf(2)");
    }

    /** This test's class path, copied where an unprivileged user can read it (~/.m2 is root's). */
    private String readableClassPath() throws IOException {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : classPath()) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) continue;
            Path copy = lib.resolve(index++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (var files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, copy.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                Files.copy(source, copy);
            }
            entries.add(copy.toString());
        }
        return String.join(":", entries);
    }

    /** Surefire may start us through a manifest-only jar; its Class-Path lists the real entries. */
    private static List<String> classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && path.getFileName().toString().startsWith("surefirebooter")) {
                try (var jar = new java.util.jar.JarFile(path.toFile())) {
                    String manifestPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    for (String url : manifestPath.split(" ")) {
                        if (!url.isBlank()) entries.add(Path.of(java.net.URI.create(url)).toString());
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static void makeReadableByAll(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        for (Path parent = root; parent != null; parent = parent.getParent()) {
            if (!Files.isReadable(parent)) break;
            var permissions = Files.getPosixFilePermissions(parent);
            permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(parent, permissions);
            if (parent.equals(Path.of(System.getProperty("java.io.tmpdir")))) break;
        }
    }
}

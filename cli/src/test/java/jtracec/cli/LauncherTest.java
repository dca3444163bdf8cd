package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jtracec} launcher, run from a copy in a scratch tree whose "build" is this test's class
 * path and whose {@code mvn} only records that it was called: a current build runs without Maven, a
 * changed source rebuilds, a missing or broken class cache never breaks a run, and training makes one.
 */
class LauncherTest {
    private static final List<String> MODULES = List.of("spec", "grammar", "compiler", "verifier", "loader", "cli");
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path tree;

    @BeforeEach
    void scratchTree() throws IOException {
        var old = FileTime.from(Instant.now().minusSeconds(3600));
        copyExecutable(REPOSITORY.resolve("jtracec"), tree.resolve("jtracec"));
        copyExecutable(REPOSITORY.resolve("scripts/find-jdk"), tree.resolve("scripts/find-jdk"));
        Files.writeString(tree.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(tree.resolve("pom.xml"), old);
        for (String module : MODULES) {
            Path source = tree.resolve(module).resolve("src/main/java/Source.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "class Source {}");
            Files.setLastModifiedTime(source, old);
            Files.writeString(tree.resolve(module).resolve("pom.xml"), "<project/>");
            Files.setLastModifiedTime(tree.resolve(module).resolve("pom.xml"), old);
        }
        Files.createDirectories(tree.resolve("cli/target"));
        Files.writeString(tree.resolve("cli/target/classpath.txt"), jarredClassPath());
        Files.createDirectories(tree.resolve("target"));
        // the launcher's memory of its JDK: this test's, so no JDK search runs
        Files.writeString(tree.resolve("target/jtracec-java"), "%s%n%d%n".formatted(
                Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature()));
        Path mvn = tree.resolve("bin/mvn");
        Files.createDirectories(mvn.getParent());
        Files.writeString(mvn, "#!/bin/sh\ntouch \"" + tree.resolve("mvn-was-called") + "\"\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aCurrentBuildRunsWithoutMaven() throws Exception {
        markTrained();
        var result = launch("--version");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("jtracec v"), result.out());
        assertFalse(Files.exists(tree.resolve("mvn-was-called")));
    }

    @Test
    void aChangedSourceRebuildsAndABuildFailureIsReported() throws Exception {
        markTrained();
        Files.setLastModifiedTime(tree.resolve("compiler/src/main/java/Source.java"), FileTime.from(Instant.now().plusSeconds(60)));
        var result = launch("--version");
        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.err().contains("jtracec: build failed"), result.err());
        assertTrue(Files.exists(tree.resolve("mvn-was-called")));
    }

    @Test
    void brokenClassCachesNeverBreakARun() throws Exception {
        markTrained();
        Files.writeString(tree.resolve("target/jtracec.aot"), "not a cache");
        Files.writeString(tree.resolve("target/jtracec.jsa"), "not an archive");
        var result = launch("-d", "asm", "-e", "BEGIN { printf(\"hi\\n\"); exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("; BEGIN"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void timingLinesCountFromTheLauncherStart() throws Exception {
        markTrained();
        var result = launch(List.of("JTRACEC_TIMING=1"), "-d", "asm", "-e", "BEGIN { exit(); }");
        assertEquals(0, result.exitCode(), result.err());
        for (String stage : List.of("launcher script", "main", "parsed and analysed", "compiled", "verified")) {
            assertTrue(result.err().contains("jtracec: timing: " + stage), result.err());
        }
    }

    @Test
    void theFirstRunAfterABuildTrainsTheClassCacheOnce() throws Exception {
        var first = launch("--version");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("preparing the class cache"), first.err());
        assertTrue(Files.exists(tree.resolve("target/jtracec-cache.trained")));
        if (Runtime.version().feature() >= 25) assertTrue(Files.size(tree.resolve("target/jtracec.aot")) > 0);
        var second = launch("--version");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals("", second.err());
    }

    private void markTrained() throws IOException {
        Files.writeString(tree.resolve("target/jtracec-cache.trained"), "");
    }

    private Jtracec.Result launch(String... args) throws Exception {
        return launch(List.of(), args);
    }

    private Jtracec.Result launch(List<String> environment, String... args) throws Exception {
        var command = new ArrayList<>(List.of(tree.resolve("jtracec").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectOutput(tree.resolve("out").toFile()).redirectError(tree.resolve("err").toFile());
        builder.environment().put("PATH", tree.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().remove("JAVA_HOME");
        for (String variable : environment) {
            builder.environment().put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
        }
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new Jtracec.Result(process.exitValue(), Files.readString(tree.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tree.resolve("err"), StandardCharsets.UTF_8));
    }

    /** This test's class path with every directory made a jar: class caches take jars only. */
    private String jarredClassPath() throws IOException {
        var entries = new ArrayList<String>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path jar = tree.resolve("cli/target/classes-" + entries.size() + ".jar");
            try (var out = new ZipOutputStream(Files.newOutputStream(jar)); var files = Files.walk(path)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new ZipEntry(path.relativize(file).toString()));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void copyExecutable(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}

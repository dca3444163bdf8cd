package jtracec.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the jtracec command for tests: in this JVM (fast) or as a separate process (for signals). */
final class Jtracec {
    private Jtracec() {}

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return runWithEnvironment(System.getenv(), args);
    }

    /** As {@link #run}, reading the BPFTRACE_* variables from {@code environment} instead of this JVM's. */
    static Result runWithEnvironment(Map<String, String> environment, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, outStream, errStream, environment);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts jtracec in its own JVM with this test's class path; output goes to the given files. */
    static Process start(Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }
}

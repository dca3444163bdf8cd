package jtracec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the kernel holds for a process: ids of the BPF programs and links whose fds it owns (from
 * {@code /proc/PID/fdinfo}, which names them), and the ids still loaded at all (from bpftool).
 * Lets tests prove a run left nothing behind.
 */
final class KernelObjects {
    private static final Pattern OBJECT_START = Pattern.compile("^(\\d+): ", Pattern.MULTILINE);

    private KernelObjects() {}

    enum Kind {
        PROGRAM("prog", "prog_id:"), LINK("link", "link_id:");

        private final String bpftoolName;
        private final String fdinfoKey;

        Kind(String bpftoolName, String fdinfoKey) {
            this.bpftoolName = bpftoolName;
            this.fdinfoKey = fdinfoKey;
        }
    }

    /** Ids of objects of this kind that process {@code pid} holds open. */
    static Set<Integer> ownedBy(Kind kind, long pid) {
        Set<Integer> ids = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            for (Path fd : fds.toList()) {
                try {
                    for (String line : Files.readAllLines(fd)) {
                        if (line.startsWith(kind.fdinfoKey)) ids.add(Integer.parseInt(line.substring(kind.fdinfoKey.length()).strip()));
                    }
                } catch (IOException closedMeanwhile) {
                    // the fd was closed between listing and reading: it holds nothing now
                }
            }
        } catch (IOException processGone) {
            return ids;
        }
        return ids;
    }

    /** Ids of all loaded objects of this kind. */
    static Set<Integer> loaded(Kind kind) {
        Set<Integer> ids = new TreeSet<>();
        Matcher m = OBJECT_START.matcher(bpftool(kind.bpftoolName, "show"));
        while (m.find()) ids.add(Integer.parseInt(m.group(1)));
        return ids;
    }

    static String uprobeEvents() throws IOException {
        Path events = Path.of("/sys/kernel/tracing/uprobe_events");
        return Files.exists(events) ? Files.readString(events) : "";
    }

    static String bpftool(String... args) {
        List<String> command = new ArrayList<>(List.of("bpftool"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("bpftool " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("bpftool is needed for this test (scripts/prepare-machine installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

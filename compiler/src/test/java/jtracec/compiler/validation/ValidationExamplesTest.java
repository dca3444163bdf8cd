package jtracec.compiler.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.interp.Task;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hand-written cases in {@code validation/<case>.bt} with firings in {@code <case>.events}: each
 * compiled script must mean what the reference evaluator says, and where {@code <case>.expected}
 * exists, that meaning is pinned (checked against bpftrace 0.17 by hand when written;
 * {@code -Djtracec.golden.update=true} rewrites, review the diff).
 *
 * <p>An events line is a probe name as expanded ({@code kprobe:vfs_read}; {@code name#2} for the
 * second program with that name) and {@code key=value} pairs: pid, tid, uid, gid, comm, cpu, nsecs,
 * arg0..arg5, retval, or a tracepoint field (a number, or a string for char arrays).
 */
class ValidationExamplesTest {
    private static final Path SOURCE_DIRECTORY = Path.of("src/test/resources/validation");

    @TestFactory
    Stream<DynamicTest> handWrittenScriptsMeanWhatTheEvaluatorSays() throws IOException {
        Path directory = resourceDirectory();
        List<Path> scripts;
        try (Stream<Path> files = Files.list(directory)) {
            scripts = files.filter(p -> p.toString().endsWith(".bt")).sorted().toList();
        }
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> check(script)));
    }

    private static void check(Path script) throws IOException {
        String name = script.getFileName().toString();
        String base = name.substring(0, name.length() - 3);
        var validator = new TranslationValidator(name, Files.readString(script));
        TypedProgram program = validator.typed();
        Path events = script.resolveSibling(base + ".events");
        List<Stimulus> stimuli = Files.exists(events) ? stimuli(program, Files.readAllLines(events)) : List.of();
        var checked = validator.check(stimuli);
        String rendered = checked.expected().render();
        System.out.printf("validation %s: %d firings%n%s", name, checked.firings().size(), rendered.indent(2));
        Path expected = script.resolveSibling(base + ".expected");
        if (Boolean.getBoolean("jtracec.golden.update")) {
            Files.writeString(SOURCE_DIRECTORY.resolve(base + ".expected"), rendered);
        } else if (Files.exists(expected)) {
            assertEquals(Files.readString(expected), rendered, "the meaning of " + name + " changed");
        }
    }

    static List<Stimulus> stimuli(TypedProgram program, List<String> lines) {
        var sites = ReferenceEvaluator.sites(program);
        var stimuli = new ArrayList<Stimulus>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) continue;
            String[] words = text.split("\\s+");
            String probe = words[0];
            int occurrence = 1;
            if (probe.contains("#")) {
                occurrence = Integer.parseInt(probe.substring(probe.indexOf('#') + 1));
                probe = probe.substring(0, probe.indexOf('#'));
            }
            int site = -1;
            for (int i = 0, seen = 0; i < sites.size(); i++) {
                if (sites.get(i).point().name().equals(probe) && ++seen == occurrence) {
                    site = i;
                    break;
                }
            }
            if (site < 0) throw new IllegalArgumentException("no program for " + words[0] + " in " + sites);
            int pid = 1, tid = -1, uid = 0, gid = 0, cpu = 0;
            long nsecs = 0, retval = 0;
            String comm = "jtracec";
            long[] arguments = new long[6];
            var fields = new HashMap<String, Scalar>();
            for (int w = 1; w < words.length; w++) {
                String key = words[w].substring(0, words[w].indexOf('='));
                String value = words[w].substring(words[w].indexOf('=') + 1);
                switch (key) {
                    case "pid" -> pid = Integer.parseInt(value);
                    case "tid" -> tid = Integer.parseInt(value);
                    case "uid" -> uid = Integer.parseInt(value);
                    case "gid" -> gid = Integer.parseInt(value);
                    case "cpu" -> cpu = Integer.parseInt(value);
                    case "nsecs" -> nsecs = Long.decode(value);
                    case "retval" -> retval = Long.decode(value);
                    case "comm" -> comm = value;
                    default -> {
                        if (key.matches("arg[0-5]")) {
                            arguments[key.charAt(3) - '0'] = Long.decode(value);
                        } else {
                            fields.put(key, value.matches("-?(0x)?[0-9a-fA-F]+") && !value.matches("[a-zA-Z].*")
                                    ? Scalar.of(Long.decode(value)) : Scalar.of(value));
                        }
                    }
                }
            }
            var task = new Task(pid, tid < 0 ? pid : tid, uid, gid, comm, cpu, nsecs, List.of(), List.of(), 1);
            stimuli.add(new Stimulus(site, task, fields, arguments, retval));
        }
        return stimuli;
    }

    private static Path resourceDirectory() {
        try {
            var url = ValidationExamplesTest.class.getResource("/validation");
            if (url == null) throw new UncheckedIOException(new IOException("missing test resources /validation"));
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

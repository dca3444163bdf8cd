package jtracec.compiler.sema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;

/**
 * A Target for front-end tests built from real tracepoint formats: this machine's tracefs when it
 * is mounted, else the snapshot under {@code src/test/resources/target/}. Kernel functions come
 * from /proc/kallsyms when readable, else from the snapshot's short list.
 */
public final class FixtureTarget implements Target {
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing/events");
    private static final Pattern FIELD = Pattern.compile("\\s*field:(.*);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);.*");

    private final String description;
    private final Map<String, String> formats;
    private final Set<String> functions;
    private final Map<String, Optional<TracepointFormat>> parsed = new HashMap<>();
    private final Optional<KernelTypes> kernelTypes;
    private int kernelTypeRequests;

    private FixtureTarget(String description, Map<String, String> formats, Set<String> functions, Optional<KernelTypes> kernelTypes) {
        this.description = description;
        this.formats = formats;
        this.functions = functions;
        this.kernelTypes = kernelTypes;
    }

    /** The same tracepoints and functions with other kernel types (empty: a kernel without BTF). */
    public FixtureTarget withKernelTypes(Optional<KernelTypes> types) {
        return new FixtureTarget(description, formats, functions, types);
    }

    /** How often the front end asked for the kernel's types: it should ask only when a script needs one. */
    public synchronized int kernelTypeRequests() {
        return kernelTypeRequests;
    }

    /** The live tracefs of this machine when mounted, else the snapshot. */
    public static FixtureTarget machineOrSnapshot() {
        if (Files.isDirectory(TRACEFS.resolve("syscalls"))) return live();
        return snapshot();
    }

    /** Only the stored snapshot: the same on every machine. */
    public static FixtureTarget snapshot() {
        var formats = new HashMap<String, String>();
        for (String name : resourceLines("/target/tracepoints.txt")) {
            formats.put(name, "/target/events/" + name.replace(':', '/') + "/format");
        }
        return new FixtureTarget("the test snapshot", formats, Set.copyOf(resourceLines("/target/functions.txt")),
                Optional.of(FixtureKernelTypes.build()));
    }

    private static FixtureTarget live() {
        var formats = new HashMap<String, String>();
        try (Stream<Path> categories = Files.list(TRACEFS)) {
            for (Path category : categories.filter(Files::isDirectory).toList()) {
                try (Stream<Path> events = Files.list(category)) {
                    for (Path event : events.filter(Files::isDirectory).toList()) {
                        formats.put(category.getFileName() + ":" + event.getFileName(), event.resolve("format").toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> functions;
        try (Stream<String> lines = Files.lines(Path.of("/proc/kallsyms"))) {
            functions = lines.map(l -> l.split("\\s+")).filter(f -> f.length >= 3).map(f -> f[2]).collect(Collectors.toSet());
        } catch (IOException | UncheckedIOException e) {
            functions = Set.copyOf(resourceLines("/target/functions.txt"));
        }
        return new FixtureTarget("this machine's tracefs", formats, functions, Optional.of(FixtureKernelTypes.build()));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean supports(KernelFeature feature) {
        return true;
    }

    @Override
    public synchronized Optional<TracepointFormat> tracepoint(String category, String name) {
        String key = category + ":" + name;
        return parsed.computeIfAbsent(key, k -> Optional.ofNullable(formats.get(k)).flatMap(path -> read(path, category, name)));
    }

    @Override
    public List<String> tracepoints() {
        return formats.keySet().stream().sorted().toList();
    }


    @Override
    public Set<String> kernelFunctions() {
        return functions;
    }

    @Override
    public synchronized Optional<KernelTypes> kernelTypes() {
        kernelTypeRequests++;
        return kernelTypes;
    }

    @Override
    public int possibleCpus() {
        return 4;
    }

    private static Optional<TracepointFormat> read(String path, String category, String name) {
        String text;
        try {
            text = path.startsWith("/target/") ? resource(path) : Files.readString(Path.of(path));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        int id = 0;
        var fields = new ArrayList<TracepointField>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("ID:")) id = Integer.parseInt(line.substring(3).trim());
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) continue;
            String declaration = m.group(1).trim();
            String array = "";
            int bracket = declaration.indexOf('[');
            if (bracket >= 0 && !declaration.startsWith("__data_loc")) {
                array = declaration.substring(bracket);
                declaration = declaration.substring(0, bracket).trim();
            }
            int split = Math.max(declaration.lastIndexOf(' '), declaration.lastIndexOf('*'));
            String fieldName = declaration.substring(split + 1);
            String cType = (declaration.substring(0, split + 1).trim() + array).trim();
            fields.add(new TracepointField(fieldName, cType, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4).equals("1")));
        }
        return Optional.of(new TracepointFormat(category, name, id, fields));
    }

    private static String resource(String path) {
        try (InputStream in = FixtureTarget.class.getResourceAsStream(path)) {
            if (in == null) throw new UncheckedIOException(new IOException("missing test resource " + path));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> resourceLines(String path) {
        return resource(path).lines().filter(l -> !l.isBlank()).toList();
    }
}

package jtracec.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jtracec.spec.source.SourceFile;

/**
 * The scripts the benchmarks and the cost report measure: the bpftrace 0.17 tools corpus (a
 * directory, {@code -Djtracec.corpus=DIR}, by default the shared copy) and a fixed set of
 * one-liners, each under a short name usable as a JMH parameter value.
 */
public final class BenchScripts {
    public static final Path DEFAULT_CORPUS = Path.of("/work/shared/corpus/bpftrace-v0.17-tools");

    /** One-liners by name, in the order the reports list them. */
    public static final Map<String, String> ONE_LINERS = oneLiners();

    private final Path corpus;

    public BenchScripts(Path corpus) {
        this.corpus = corpus;
    }

    public static BenchScripts fromSystemProperties() {
        return new BenchScripts(Path.of(System.getProperty("jtracec.corpus", DEFAULT_CORPUS.toString())));
    }

    /** Names of the corpus scripts (file names without {@code .bt}), sorted. */
    public List<String> corpusNames() {
        try (Stream<Path> files = Files.list(corpus)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".bt"))
                    .map(name -> name.substring(0, name.length() - 3))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus " + corpus, e);
        }
    }

    /** A one-liner by its name, else the corpus script of that name. */
    public SourceFile source(String name) {
        String oneLiner = ONE_LINERS.get(name);
        if (oneLiner != null) return new SourceFile(name, oneLiner);
        Path file = corpus.resolve(name + ".bt");
        try {
            return new SourceFile(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + file, e);
        }
    }

    public boolean isOneLiner(String name) {
        return ONE_LINERS.containsKey(name);
    }

    private static Map<String, String> oneLiners() {
        var scripts = new LinkedHashMap<String, String>();
        scripts.put("count-syscalls", "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }");
        scripts.put("sum-read-bytes", "tracepoint:syscalls:sys_exit_read /args->ret/ { @[comm] = sum(args->ret); }");
        scripts.put("hist-read-bytes", "tracepoint:syscalls:sys_exit_read { @[comm] = hist(args->ret); }");
        scripts.put("print-openat", "tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args->filename)); }");
        return java.util.Collections.unmodifiableMap(scripts);
    }
}

package jtracec.bench.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import jtracec.bench.BenchScripts;

/**
 * Issue 8's side-by-side cost report: for each script, jtracec and the reference bpftrace run one
 * after the other (alternating which goes first) under the same workload, {@code repetitions} times;
 * the report gives programs, instructions, JIT size, verified_insns, kernel run time per event,
 * start-up to attached and peak RSS, with ratios jtracec/bpftrace, as Markdown and JSON.
 * Run it through {@code ./jtracec-bench} (as root), which builds what it needs.
 */
public final class CostReport {
    /** Scripts of the corpus both tools can attach on a kernel without kprobes or fentry. */
    static final List<String> DEFAULT_SCRIPTS = List.of("count-syscalls", "sum-read-bytes", "hist-read-bytes", "print-openat",
            "bashreadline", "bitesize", "cpuwalk", "gethostlatency", "killsnoop", "pidpersec", "setuids", "syncsnoop", "syscount");

    record Settings(String date, String kernel, int repetitions, long iterations) {}

    private CostReport() {}

    public static void main(String[] args) {
        // a report stopped half-way leaves no tracer running (and no program attached) behind it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        try {
            System.exit(run(args));
        } catch (CostReportException e) {
            System.err.println("jtracec-bench: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(String[] args) {
        int repetitions = 5;
        long iterations = 20_000;
        Path out = Path.of("bench/target/cost-report");
        String jtracec = "./jtracec";
        String bpftrace = "bpftrace";
        var scripts = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeat" -> repetitions = Integer.parseInt(value(args, ++i, "--repeat"));
                case "--iterations" -> iterations = Long.parseLong(value(args, ++i, "--iterations"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--jtracec" -> jtracec = value(args, ++i, "--jtracec");
                case "--bpftrace" -> bpftrace = value(args, ++i, "--bpftrace");
                case "-h", "--help" -> {
                    System.out.println("usage: jtracec-bench [--repeat N] [--iterations N] [--out DIR] [--jtracec CMD] [--bpftrace CMD] [SCRIPT...]\n"
                            + "SCRIPT: a one-liner name (" + String.join(", ", BenchScripts.ONE_LINERS.keySet())
                            + ") or a corpus script name; default: " + String.join(" ", DEFAULT_SCRIPTS));
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-")) throw new CostReportException("unknown option " + args[i] + " (try --help)");
                    scripts.add(args[i]);
                }
            }
        }
        if (repetitions < 1 || iterations < 1) throw new CostReportException("--repeat and --iterations must be positive");
        if (scripts.isEmpty()) scripts.addAll(DEFAULT_SCRIPTS);
        var corpus = BenchScripts.fromSystemProperties();
        var tools = List.of(new Tool("jtracec", List.of(jtracec)), new Tool("bpftrace", List.of(bpftrace)));
        var settings = new Settings(LocalDate.now(ZoneOffset.UTC).toString(), kernel(), repetitions, iterations);

        try {
            Files.createDirectories(out.resolve("logs"));
            var load = LoadGenerator.compile(out.resolve("workload"), iterations);
            var comparisons = new ArrayList<Comparison>();
            try (var statistics = BpfStatistics.enable()) {
                for (Tool tool : tools) {
                    System.err.printf("jtracec-bench: warm-up run of %s%n", tool.name());
                    new ToolRun(tool, out.resolve("logs")).run("warm-up", arguments(corpus, scripts.get(0)), load, 0);
                }
                for (String script : scripts) comparisons.add(compare(script, corpus, tools, load, out, repetitions));
            }
            var writer = new ReportWriter(settings, comparisons);
            String markdown = writer.markdown();
            Files.writeString(out.resolve("report.md"), markdown);
            Files.writeString(out.resolve("report.json"), writer.json());
            System.out.print(markdown);
            System.err.printf("jtracec-bench: wrote %s and %s%n", out.resolve("report.md"), out.resolve("report.json"));
            return 0;
        } catch (IOException e) {
            throw new CostReportException("cannot write to %s: %s".formatted(out, e.getMessage()));
        }
    }

    private static Comparison compare(String script, BenchScripts corpus, List<Tool> tools, LoadGenerator load, Path out, int repetitions) {
        var arguments = arguments(corpus, script);
        var mine = new ArrayList<RunResult>();
        var theirs = new ArrayList<RunResult>();
        for (int repetition = 1; repetition <= repetitions; repetition++) {
            // alternate who goes first, so a drift in machine load does not always favour the same tool
            boolean isJtracecFirst = repetition % 2 == 1;
            for (Tool tool : isJtracecFirst ? tools : tools.reversed()) {
                RunResult result = new ToolRun(tool, out.resolve("logs")).run(script, arguments, load, repetition);
                System.err.printf("jtracec-bench: %s %s #%d: %s%n", script, tool.name(), repetition, summary(result));
                (tool.name().equals("jtracec") ? mine : theirs).add(result);
            }
        }
        return new Comparison(script, corpus.isOneLiner(script), mine, theirs);
    }

    private static List<String> arguments(BenchScripts corpus, String script) {
        var source = corpus.source(script);
        return corpus.isOneLiner(script) ? List.of("-e", source.text()) : List.of(source.name());
    }

    private static String summary(RunResult result) {
        return switch (result) {
            case RunResult.Failed failed -> "failed: " + failed.reason();
            case RunResult.Measured run -> "%d programs, %d insns, %.1f ns/event, start-up %.0f ms, peak RSS %.1f MiB".formatted(
                    run.programs().size(), run.xlatedInsns(), run.nanosPerEvent(), run.startupMillis(), run.peakRssKib() / 1024.0);
        };
    }

    private static String kernel() {
        try {
            return "Linux " + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return "Linux (unknown release)";
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) throw new CostReportException(option + " needs a value");
        return args[index];
    }
}

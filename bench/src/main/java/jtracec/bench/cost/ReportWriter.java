package jtracec.bench.cost;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders a finished report as Markdown (for people and README) and JSON (for tools). */
final class ReportWriter {
    private static final List<Metric> SIZES = List.of(Metric.PROGRAMS, Metric.XLATED_INSNS, Metric.EVENT_INSNS, Metric.JITED_BYTES, Metric.VERIFIED_INSNS);
    private static final List<Metric> RUNTIME = List.of(Metric.NANOS_PER_EVENT, Metric.STARTUP_MILLIS, Metric.PEAK_RSS_MIB);

    private final CostReport.Settings settings;
    private final List<Comparison> comparisons;

    ReportWriter(CostReport.Settings settings, List<Comparison> comparisons) {
        this.settings = settings;
        this.comparisons = List.copyOf(comparisons);
    }

    String markdown() {
        var text = new StringBuilder();
        text.append("Cost report, %s, %s; %d repetitions per tool and script, alternating jtracec and bpftrace; "
                .formatted(settings.date(), settings.kernel(), settings.repetitions()))
            .append("workload: load.c, %d iterations per run. Cells: median (min–max); ratio = jtracec/bpftrace per repetition.\n\n"
                .formatted(settings.iterations()));
        text.append("Program sizes (the same on every run):\n\n| script |");
        for (Metric metric : SIZES) text.append(" %s jtracec | bpftrace | ratio |".formatted(metric.title));
        text.append('\n').append("|---".repeat(1 + SIZES.size() * 3)).append("|\n");
        for (Comparison comparison : comparisons) {
            text.append("| ").append(comparison.script()).append(" |");
            for (Metric metric : SIZES) {
                text.append(' ').append(cell(comparison.jtracec(metric), metric.decimals)).append(" | ")
                    .append(cell(comparison.bpftrace(metric), metric.decimals)).append(" | ")
                    .append(cell(comparison.ratio(metric), 2)).append(" |");
            }
            text.append('\n');
        }
        text.append("\nRun time and start-up:\n\n| script |");
        for (Metric metric : RUNTIME) text.append(" %s jtracec | bpftrace | ratio |".formatted(metric.title));
        text.append('\n').append("|---".repeat(1 + RUNTIME.size() * 3)).append("|\n");
        for (Comparison comparison : comparisons) {
            text.append("| ").append(comparison.script()).append(" |");
            for (Metric metric : RUNTIME) {
                text.append(' ').append(cell(comparison.jtracec(metric), metric.decimals)).append(" | ")
                    .append(cell(comparison.bpftrace(metric), metric.decimals)).append(" | ")
                    .append(cell(comparison.ratio(metric), 2)).append(" |");
            }
            text.append('\n');
        }
        text.append("\nGeometric mean of the median ratios over the corpus scripts: ");
        text.append(java.util.stream.Stream.of(Metric.values())
                .map(metric -> "%s %s".formatted(metric.title, Targets.geometricMean(comparisons, metric).map("%.2f"::formatted).orElse("–")))
                .collect(Collectors.joining(", "))).append(".\n\nTargets:\n\n");
        for (var verdict : Targets.check(comparisons)) {
            text.append("- %s %s: %s\n".formatted(verdict.isMet() ? "✅" : "❌", verdict.target(), verdict.detail()));
        }
        var failures = comparisons.stream().flatMap(comparison -> comparison.failures().stream()
                .map(failure -> "- %s, %s\n".formatted(comparison.script(), failure))).toList();
        if (!failures.isEmpty()) text.append("\nRuns that measured nothing:\n\n").append(String.join("", failures));
        return text.toString();
    }

    String json() {
        var json = new StringBuilder("{");
        json.append("\"date\":").append(quote(settings.date())).append(",\"kernel\":").append(quote(settings.kernel()))
            .append(",\"repetitions\":").append(settings.repetitions()).append(",\"workload_iterations\":").append(settings.iterations())
            .append(",\"scripts\":[");
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison comparison = comparisons.get(i);
            if (i > 0) json.append(',');
            json.append("{\"script\":").append(quote(comparison.script())).append(",\"one_liner\":").append(comparison.isOneLiner())
                .append(",\"jtracec\":").append(runs(comparison.jtracec()))
                .append(",\"bpftrace\":").append(runs(comparison.bpftrace()))
                .append(",\"ratios\":{");
            json.append(java.util.Arrays.stream(Metric.values())
                    .map(metric -> quote(metric.key) + ":" + spread(comparison.ratio(metric))).collect(Collectors.joining(",")));
            json.append("}}");
        }
        json.append("],\"corpus_geometric_mean\":{");
        json.append(java.util.Arrays.stream(Metric.values())
                .map(metric -> quote(metric.key) + ":" + Targets.geometricMean(comparisons, metric).map(ReportWriter::number).orElse("null"))
                .collect(Collectors.joining(",")));
        json.append("},\"targets\":[");
        json.append(Targets.check(comparisons).stream()
                .map(verdict -> "{\"target\":%s,\"met\":%s,\"detail\":%s}".formatted(quote(verdict.target()), verdict.isMet(), quote(verdict.detail())))
                .collect(Collectors.joining(",")));
        return json.append("]}\n").toString();
    }

    private static String runs(List<RunResult> runs) {
        return runs.stream().map(run -> switch (run) {
            case RunResult.Failed failed -> "{\"failed\":%s}".formatted(quote(failed.reason()));
            case RunResult.Measured measured -> "{\"startup_ms\":%s,\"peak_rss_kib\":%d,\"ns_per_event\":%s,\"programs\":[%s],\"stderr\":[%s]}".formatted(
                    number(measured.startupMillis()), measured.peakRssKib(), number(measured.nanosPerEvent()),
                    measured.programs().stream().map(program -> ("{\"id\":%d,\"name\":%s,\"xlated_insns\":%d,\"jited_bytes\":%d,"
                            + "\"verified_insns\":%d,\"run_time_ns\":%d,\"run_cnt\":%d}").formatted(program.id(), quote(program.name()),
                            program.xlatedInsns(), program.jitedBytes(), program.verifiedInsns(), program.runTimeNs(), program.runCount()))
                            .collect(Collectors.joining(",")),
                    measured.warnings().stream().map(ReportWriter::quote).collect(Collectors.joining(",")));
        }).collect(Collectors.joining(",", "[", "]"));
    }

    private static String spread(Optional<Spread> spread) {
        return spread.map(value -> "{\"min\":%s,\"median\":%s,\"max\":%s}".formatted(number(value.min()), number(value.median()), number(value.max())))
                .orElse("null");
    }

    private static String cell(Optional<Spread> spread, int decimals) {
        if (spread.isEmpty()) return "–";
        Spread value = spread.get();
        String format = "%." + decimals + "f";
        String median = format.formatted(value.median());
        return value.isConstant() ? median : "%s (%s–%s)".formatted(median, format.formatted(value.min()), format.formatted(value.max()));
    }

    private static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : "%.4f".formatted(value);
    }

    private static String quote(String text) {
        var quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> {
                    if (c < 0x20) quoted.append("\\u%04x".formatted((int) c));
                    else quoted.append(c);
                }
            }
        }
        return quoted.append('"').toString();
    }
}

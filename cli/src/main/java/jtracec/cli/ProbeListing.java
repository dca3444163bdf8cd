package jtracec.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.sema.ProbeExpander;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.Wildcard;

/**
 * {@code jtracec -l [pattern]} and {@code -lv}: the probes this target can attach, one per line as
 * bpftrace prints them, filtered by a glob; with {@code -v}, tracepoint arguments as bpftrace shows
 * them. Only probes the target can really attach are listed (kprobes only where it has kprobes,
 * hardware events only where it has a PMU); software events are always listed.
 */
final class ProbeListing {
    /** -l prints probe names; -lv adds each tracepoint's arguments. */
    enum Detail { NAMES, ARGUMENTS }

    private final Target target;
    private final Detail detail;

    ProbeListing(Target target, Detail detail) {
        this.target = target;
        this.detail = detail;
    }

    int print(Optional<String> search, PrintStream out) {
        Wildcard pattern = search(search.filter(s -> !s.isBlank()).orElse("*"));
        for (String tracepoint : target.tracepoints().stream().sorted().toList()) {
            String probe = "tracepoint:" + tracepoint;
            if (!pattern.matches(probe)) continue;
            out.println(probe);
            if (detail == Detail.ARGUMENTS) {
                int colon = tracepoint.indexOf(':');
                target.tracepoint(tracepoint.substring(0, colon), tracepoint.substring(colon + 1))
                        .ifPresent(format -> arguments(format).forEach(line -> out.println("    " + line)));
            }
        }
        // "software:cpu-clock:" as bpftrace lists them (0.17 itself echoes the search: "software:*:")
        ProbeExpander.softwareEvents().stream().map(event -> "software:" + event + ":").sorted()
                .filter(probe -> pattern.matches(probe) || pattern.matches(probe.substring(0, probe.length() - 1))).forEach(out::println);
        if (target.supports(KernelFeature.HARDWARE_PMU)) {
            ProbeExpander.hardwareEvents().stream().map(event -> "hardware:" + event + ":").sorted()
                    .filter(probe -> pattern.matches(probe) || pattern.matches(probe.substring(0, probe.length() - 1))).forEach(out::println);
        }
        if (target.supports(KernelFeature.KPROBES)) {
            target.kernelFunctions().stream().sorted().map(function -> "kprobe:" + function)
                    .filter(probe -> pattern.matches(probe)).forEach(out::println);
        }
        return ExitCode.OK;
    }

    /** Fields after the common_ header, as {@code type name} or {@code type name[n]}. */
    private static List<String> arguments(TracepointFormat format) {
        List<String> lines = new ArrayList<>();
        for (TracepointField field : format.fields()) {
            if (field.name().startsWith("common_")) continue;
            String type = field.cType();
            int bracket = type.indexOf('[');
            lines.add(bracket < 0 ? type + " " + field.name()
                    : type.substring(0, bracket).strip() + " " + field.name() + type.substring(bracket));
        }
        return lines;
    }

    /**
     * bpftrace's search: a glob over the whole probe name; a search with neither wildcard nor colon
     * matches anywhere in the name.
     */
    static Wildcard search(String search) {
        return new Wildcard(Wildcard.isPattern(search) || search.contains(":") ? search : "*" + search + "*");
    }
}

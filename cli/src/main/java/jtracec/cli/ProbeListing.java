package jtracec.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.sema.ProbeExpander;
import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.Wildcard;

/**
 * {@code jtracec -l [pattern]} and {@code -lv}: the probes this target can attach, one per line as
 * bpftrace prints them, filtered by a glob; with {@code -v}, tracepoint arguments as bpftrace shows
 * them, and kfunc arguments from BTF. Only probes the target can really attach are listed (kprobes
 * only where it has kprobes, kfuncs only where fentry attaches, hardware events only where it has a
 * PMU); software events are always listed.
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
        printEvents("software", ProbeExpander.softwareEvents(), pattern, out);
        if (target.supports(KernelFeature.HARDWARE_PMU)) printEvents("hardware", ProbeExpander.hardwareEvents(), pattern, out);
        // kfuncs only where fentry attaches, and BTF is decoded only then: -l must stay quick
        if (target.supports(KernelFeature.FENTRY)) {
            target.kernelTypes().ifPresent(types -> {
                for (String function : target.kernelFunctions().stream().sorted().toList()) {
                    if (types.signature(function).isEmpty()) continue;
                    for (String kind : List.of("kfunc:", "kretfunc:")) {
                        if (!pattern.matches(kind + function)) continue;
                        out.println(kind + function);
                        if (detail == Detail.ARGUMENTS) kfuncArguments(types, function).forEach(line -> out.println("    " + line));
                    }
                }
            });
        }
        if (target.supports(KernelFeature.KPROBES)) {
            target.kernelFunctions().stream().sorted().map(function -> "kprobe:" + function)
                    .filter(probe -> pattern.matches(probe)).forEach(out::println);
        }
        return ExitCode.OK;
    }

    /** Perf events as {@code provider:event:}, matched with or without the trailing colon. */
    private static void printEvents(String provider, List<String> events, Wildcard pattern, PrintStream out) {
        events.stream().map(event -> provider + ":" + event + ":").sorted()
                .filter(probe -> pattern.matches(probe) || pattern.matches(probe.substring(0, probe.length() - 1))).forEach(out::println);
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

    /** A kernel function's parameters from BTF, then its return value, as bpftrace 0.17's -lv shows them. */
    static List<String> kfuncArguments(KernelTypes types, String function) {
        List<String> lines = new ArrayList<>();
        types.signature(function).ifPresent(signature -> {
            for (BtfType.Parameter parameter : signature.parameters()) {
                if (parameter.type() == 0 && parameter.name().isEmpty()) continue;  // "..."
                lines.add(types.spell(parameter.type()) + " " + parameter.name());
            }
            if (!(types.type(types.resolve(signature.returnType())) instanceof BtfType.Void)) {
                lines.add(types.spell(signature.returnType()) + " retval");
            }
        });
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

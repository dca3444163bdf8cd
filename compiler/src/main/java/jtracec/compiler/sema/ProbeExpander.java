package jtracec.compiler.sema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jtracec.compiler.ast.AttachSpec;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.UsdtSite;
import jtracec.spec.object.Wildcard;
import jtracec.spec.object.AttachPoint.ProbeEnd;

/**
 * Attach points as written to concrete ones, with the program type each needs. Tracepoint
 * wildcards are expanded against the Target; kprobe and uprobe wildcards are kept as patterns
 * (the Target lists no functions; the loader expands them). Probe types and aliases follow the
 * bpftrace 0.17 reference guide, "Probes".
 */
public final class ProbeExpander {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("k", "kprobe"), Map.entry("kr", "kretprobe"), Map.entry("u", "uprobe"),
            Map.entry("ur", "uretprobe"), Map.entry("t", "tracepoint"), Map.entry("rt", "rawtracepoint"),
            Map.entry("U", "usdt"), Map.entry("p", "profile"), Map.entry("i", "interval"),
            Map.entry("s", "software"), Map.entry("h", "hardware"), Map.entry("w", "watchpoint"),
            Map.entry("aw", "asyncwatchpoint"), Map.entry("f", "kfunc"), Map.entry("fr", "kretfunc"),
            Map.entry("it", "iter"));

    private static final List<String> PROVIDERS = List.of("BEGIN", "END", "kprobe", "kretprobe", "uprobe",
            "uretprobe", "tracepoint", "rawtracepoint", "usdt", "profile", "interval", "software", "hardware",
            "watchpoint", "asyncwatchpoint", "kfunc", "kretfunc", "iter");

    /** perf software events: PERF_COUNT_SW_* and bpftrace's default period for each. */
    private static final List<PerfEvent> SOFTWARE = List.of(
            new PerfEvent("cpu-clock", "cpu", 0, 1_000_000), new PerfEvent("task-clock", "", 1, 1_000_000),
            new PerfEvent("page-faults", "faults", 2, 100), new PerfEvent("context-switches", "cs", 3, 1_000),
            new PerfEvent("cpu-migrations", "", 4, 1), new PerfEvent("minor-faults", "", 5, 100),
            new PerfEvent("major-faults", "", 6, 1), new PerfEvent("alignment-faults", "", 7, 1),
            new PerfEvent("emulation-faults", "", 8, 1), new PerfEvent("dummy", "", 9, 1),
            new PerfEvent("bpf-output", "", 10, 1));

    /** perf hardware events: PERF_COUNT_HW_* and bpftrace's default period for each. */
    private static final List<PerfEvent> HARDWARE = List.of(
            new PerfEvent("cpu-cycles", "cycles", 0, 1_000_000), new PerfEvent("instructions", "", 1, 1_000_000),
            new PerfEvent("cache-references", "", 2, 1_000_000), new PerfEvent("cache-misses", "", 3, 1_000_000),
            new PerfEvent("branch-instructions", "branches", 4, 100_000), new PerfEvent("branch-misses", "", 5, 100_000),
            new PerfEvent("bus-cycles", "", 6, 100_000), new PerfEvent("frontend-stalls", "", 7, 1_000_000),
            new PerfEvent("backend-stalls", "", 8, 1_000_000), new PerfEvent("ref-cycles", "", 9, 1_000_000));

    private static final List<String> LIBRARY_DIRECTORIES = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu");

    private final Target target;

    /** The perf software events a {@code software:} probe may name, for {@code -l}. */
    public static List<String> softwareEvents() {
        return SOFTWARE.stream().map(PerfEvent::name).toList();
    }

    /** The perf hardware events a {@code hardware:} probe may name, for {@code -l}. */
    public static List<String> hardwareEvents() {
        return HARDWARE.stream().map(PerfEvent::name).toList();
    }

    public ProbeExpander(Target target) {
        this.target = target;
    }

    /** The concrete points of one attach spec; empty (with a diagnostic) when it cannot attach anywhere. */
    public List<ConcreteProbe> expand(AttachSpec spec, Diagnostics diags) {
        List<String> parts = spec.parts();
        String provider = ALIASES.getOrDefault(parts.get(0), parts.get(0));
        var attach = new Attach(spec, provider, diags);
        return switch (provider) {
            case "BEGIN" -> attach.noArguments(new AttachPoint.Begin());
            case "END" -> attach.noArguments(new AttachPoint.End());
            case "kprobe", "kretprobe" -> attach.kprobe(provider.equals("kprobe") ? ProbeEnd.ENTRY : ProbeEnd.RETURN);
            case "uprobe", "uretprobe" -> attach.uprobe(provider.equals("uprobe") ? ProbeEnd.ENTRY : ProbeEnd.RETURN);
            case "tracepoint" -> attach.tracepoint();
            case "rawtracepoint" -> attach.rawTracepoint();
            case "usdt" -> attach.usdt();
            case "interval" -> attach.interval();
            case "profile" -> attach.profile();
            case "software" -> attach.perf(SOFTWARE, "software");
            case "hardware" -> attach.perf(HARDWARE, "hardware");
            case "watchpoint", "asyncwatchpoint" -> attach.watchpoint();
            case "kfunc", "kretfunc" -> attach.kfunc(provider.equals("kfunc") ? ProbeEnd.ENTRY : ProbeEnd.RETURN);
            case "iter" -> attach.unsupported("iter probes");
            default -> attach.unknownProvider();
        };
    }

    private record PerfEvent(String name, String alias, int config, long defaultPeriod) {}

    /** The expansion of one spec: its canonical provider name and where to report. */
    private final class Attach {
        private final AttachSpec spec;
        private final String provider;
        private final Diagnostics diags;
        private final List<String> parts;

        Attach(AttachSpec spec, String provider, Diagnostics diags) {
            this.spec = spec;
            this.provider = provider;
            this.diags = diags;
            this.parts = spec.parts();
        }

        private String name(String rest) {
            return rest.isEmpty() ? provider : provider + ":" + rest;
        }

        private List<ConcreteProbe> one(String rest, AttachPoint point, ProgramType type) {
            return List.of(new ConcreteProbe(name(rest), point, type, Optional.empty(), spec.span()));
        }

        private List<ConcreteProbe> invalid(String message, String help) {
            diags.report(Diagnostic.error(SemaCode.INVALID_ATTACH_POINT, spec.span(), message).withHelp(help));
            return List.of();
        }

        List<ConcreteProbe> unsupported(String what) {
            diags.report(Diagnostic.error(SemaCode.UNSUPPORTED, spec.span(), what + " are not supported by jtracec yet"));
            return List.of();
        }

        List<ConcreteProbe> noArguments(AttachPoint point) {
            if (parts.size() != 1) return invalid("%s takes no arguments".formatted(provider), "write just " + provider);
            return one("", point, ProgramType.RAW_TRACEPOINT);
        }

        List<ConcreteProbe> unknownProvider() {
            String nearest = nearest(parts.get(0), PROVIDERS);
            diags.report(Diagnostic.error(SemaCode.UNKNOWN_PROBE_TYPE, spec.span(),
                            "unknown probe type '%s'".formatted(parts.get(0)))
                    .withHelp(nearest.isEmpty() ? "probe types are " + String.join(", ", PROVIDERS)
                            : "did you mean '%s'?".formatted(nearest)));
            return List.of();
        }

        List<ConcreteProbe> kprobe(ProbeEnd end) {
            if (parts.size() < 2 || parts.size() > 3 || parts.get(parts.size() - 1).isEmpty()) {
                return invalid("%s needs a function: %s:function".formatted(provider, provider), "e.g. %s:vfs_read".formatted(provider));
            }
            String function = parts.get(parts.size() - 1);
            long offset = 0;
            int plus = function.indexOf('+');
            if (plus >= 0) {
                if (end == ProbeEnd.RETURN) return invalid("kretprobe cannot have an offset", "remove +" + function.substring(plus + 1));
                Optional<Long> parsed = number(function.substring(plus + 1));
                if (parsed.isEmpty()) return invalid("bad offset in '%s'".formatted(function), "write e.g. %s:do_sys_open+9".formatted(provider));
                offset = parsed.get();
                function = function.substring(0, plus);
            }
            if (!Wildcard.isPattern(function) && !target.hasKernelFunction(function)) {
                diags.report(Diagnostic.warning(SemaCode.UNKNOWN_KERNEL_FUNCTION, spec.span(),
                                "kernel function %s is not known to %s".formatted(function, target.describe()))
                        .withHelp("the probe may fail to attach; list functions with jtracec -l 'kprobe:%s*'"
                                .formatted(function.length() > 3 ? function.substring(0, 3) : function)));
            }
            String rest = String.join(":", parts.subList(1, parts.size()));
            return one(rest, new AttachPoint.Kprobe(function, offset, end), ProgramType.KPROBE);
        }

        List<ConcreteProbe> uprobe(ProbeEnd end) {
            if (parts.size() < 3 || parts.get(1).isEmpty() || parts.get(parts.size() - 1).isEmpty()) {
                return invalid("%s needs a binary and a function: %s:path:function".formatted(provider, provider),
                        "e.g. %s:/bin/bash:readline".formatted(provider));
            }
            Optional<String> path = resolveBinary(parts.get(1));
            if (path.isEmpty()) {
                diags.report(Diagnostic.error(SemaCode.FILE_NOT_FOUND, spec.span(),
                                "binary or library '%s' not found".formatted(parts.get(1)))
                        .withHelp("give an existing path, e.g. %s:/bin/bash:readline".formatted(provider)));
                return List.of();
            }
            String symbol = parts.get(parts.size() - 1);
            long offset = 0;
            if (symbol.startsWith("0x") || symbol.chars().allMatch(Character::isDigit)) {
                Optional<Long> address = number(symbol);
                if (address.isEmpty()) return invalid("bad address '%s'".formatted(symbol), "write e.g. 0x2ec00");
                offset = address.get();
                symbol = "";
            } else if (symbol.indexOf('+') > 0) {
                Optional<Long> parsed = number(symbol.substring(symbol.indexOf('+') + 1));
                if (parsed.isEmpty() || end == ProbeEnd.RETURN) {
                    return invalid("bad offset in '%s'".formatted(symbol), "write e.g. uprobe:/bin/bash:main+4");
                }
                offset = parsed.get();
                symbol = symbol.substring(0, symbol.indexOf('+'));
            }
            String rest = path.get() + ":" + String.join(":", parts.subList(2, parts.size()));
            return one(rest, new AttachPoint.Uprobe(path.get(), symbol, offset, end), ProgramType.KPROBE);
        }

        List<ConcreteProbe> usdt() {
            if (parts.size() < 3 || parts.size() > 4) {
                return invalid("usdt needs a binary and a probe: usdt:path[:provider]:name", "e.g. usdt:/root/tick:loop");
            }
            Optional<String> path = resolveBinary(parts.get(1));
            if (path.isEmpty()) {
                diags.report(Diagnostic.error(SemaCode.FILE_NOT_FOUND, spec.span(),
                        "binary or library '%s' not found".formatted(parts.get(1))).withHelp("give an existing path"));
                return List.of();
            }
            String providerName = parts.size() == 4 ? parts.get(2) : "";
            String probeName = parts.get(parts.size() - 1);
            var sites = target.usdtSites(path.get()).map(all -> matchingSites(all, providerName, probeName)).orElse(List.of());
            if (sites.isEmpty()) {
                // notes unreadable here or no such probe: the loader reports it when attaching
                String rest = path.get() + ":" + String.join(":", parts.subList(2, parts.size()));
                return one(rest, new AttachPoint.Usdt(path.get(), providerName, probeName), ProgramType.KPROBE);
            }
            return usdtSites(path.get(), sites);
        }

        private static List<UsdtSite> matchingSites(List<UsdtSite> all, String provider, String name) {
            Wildcard providers = new Wildcard(provider.isEmpty() ? "*" : provider);
            Wildcard names = new Wildcard(name);
            return all.stream().filter(site -> providers.matches(site.provider()) && names.matches(site.name())).toList();
        }

        /**
         * One probe per provider:name, as bpftrace 0.17 expands usdt probes, attached to all its sites
         * when they agree on where the arguments are; else one program per site (bpftrace's usdt locations).
         */
        private List<ConcreteProbe> usdtSites(String path, List<UsdtSite> sites) {
            var byProbe = new LinkedHashMap<String, List<UsdtSite>>();
            for (UsdtSite site : sites) byProbe.computeIfAbsent(site.provider() + ":" + site.name(), key -> new ArrayList<>()).add(site);
            var out = new ArrayList<ConcreteProbe>();
            for (var probe : byProbe.entrySet()) {
                List<UsdtSite> locations = probe.getValue();
                UsdtSite first = locations.get(0);
                String rest = path + ":" + probe.getKey();
                if (locations.stream().allMatch(site -> site.arguments().equals(first.arguments()))) {
                    out.addAll(one(rest, new AttachPoint.Usdt(path, first.provider(), first.name(), 0, first.arguments()), ProgramType.KPROBE));
                } else {
                    for (UsdtSite site : locations) {
                        out.addAll(one(rest, new AttachPoint.Usdt(path, site.provider(), site.name(), site.address(), site.arguments()), ProgramType.KPROBE));
                    }
                }
            }
            return out;
        }

        List<ConcreteProbe> tracepoint() {
            if (parts.size() != 3 || parts.get(1).isEmpty() || parts.get(2).isEmpty()) {
                return invalid("tracepoint needs a category and a name: tracepoint:category:name",
                        "e.g. tracepoint:syscalls:sys_enter_openat");
            }
            Wildcard category = new Wildcard(parts.get(1));
            Wildcard event = new Wildcard(parts.get(2));
            var out = new ArrayList<ConcreteProbe>();
            // an exact name costs one format file, not a walk over every tracepoint (start-up, issue 8)
            String exact = parts.get(1) + ":" + parts.get(2);
            for (String full : Wildcard.isPattern(exact) ? target.tracepoints() : List.of(exact)) {
                int colon = full.indexOf(':');
                String cat = full.substring(0, colon);
                String name = full.substring(colon + 1);
                if (!category.matches(cat) || !event.matches(name)) continue;
                Optional<TracepointFormat> format = target.tracepoint(cat, name);
                if (format.isEmpty()) continue;
                out.add(new ConcreteProbe("tracepoint:" + full, new AttachPoint.Tracepoint(cat, name),
                        ProgramType.TRACEPOINT, format, spec.span()));
            }
            if (out.isEmpty()) {
                String wanted = parts.get(1) + ":" + parts.get(2);
                String nearest = Wildcard.isPattern(wanted) ? "" : nearest(wanted, target.tracepoints());
                diags.report(Diagnostic.error(SemaCode.UNKNOWN_TRACEPOINT, spec.span(),
                                (Wildcard.isPattern(wanted) ? "no tracepoint matches %s in %s" : "unknown tracepoint %s in %s")
                                        .formatted(wanted, target.describe()))
                        .withHelp(nearest.isEmpty()
                                ? "list tracepoints with jtracec -l 'tracepoint:%s:*'".formatted(parts.get(1))
                                : "did you mean tracepoint:%s?".formatted(nearest)));
            }
            return out;
        }

        List<ConcreteProbe> rawTracepoint() {
            String name = parts.get(parts.size() - 1);
            if (parts.size() < 2 || name.isEmpty()) {
                return invalid("rawtracepoint needs a name: rawtracepoint:name", "e.g. rawtracepoint:sched_switch");
            }
            boolean exists = target.tracepoints().stream().anyMatch(t -> t.substring(t.indexOf(':') + 1).equals(name));
            if (!exists) {
                diags.report(Diagnostic.error(SemaCode.UNKNOWN_TRACEPOINT, spec.span(),
                                "unknown raw tracepoint %s in %s".formatted(name, target.describe()))
                        .withHelp("list tracepoints with jtracec -l 'tracepoint:*'"));
                return List.of();
            }
            return one(name, new AttachPoint.RawTracepoint(name), ProgramType.RAW_TRACEPOINT);
        }

        List<ConcreteProbe> interval() {
            if (parts.size() != 3) return invalid("interval needs a unit and a count: interval:unit:n", "e.g. interval:s:1");
            Optional<Long> period = period(parts.get(1), parts.get(2));
            if (period.isEmpty()) return invalid("bad interval '%s:%s'".formatted(parts.get(1), parts.get(2)),
                    "units are s, ms, us and hz, the count a positive integer: interval:s:1");
            return one(parts.get(1) + ":" + parts.get(2), new AttachPoint.Interval(period.get()), ProgramType.PERF_EVENT);
        }

        List<ConcreteProbe> profile() {
            if (parts.size() != 3) return invalid("profile needs a unit and a count: profile:unit:n", "e.g. profile:hz:99");
            Optional<Long> period = period(parts.get(1), parts.get(2));
            if (period.isEmpty()) return invalid("bad profile rate '%s:%s'".formatted(parts.get(1), parts.get(2)),
                    "units are s, ms, us and hz, the count a positive integer: profile:hz:99");
            long frequency = parts.get(1).equals("hz") ? number(parts.get(2)).orElse(0L) : 0;
            return one(parts.get(1) + ":" + parts.get(2), new AttachPoint.Profile(period.get(), frequency), ProgramType.PERF_EVENT);
        }

        private Optional<Long> period(String unit, String count) {
            Optional<Long> n = number(count).filter(v -> v > 0);
            if (n.isEmpty()) return Optional.empty();
            return switch (unit) {
                case "s" -> Optional.of(n.get() * 1_000_000_000L);
                case "ms" -> Optional.of(n.get() * 1_000_000L);
                case "us" -> Optional.of(n.get() * 1_000L);
                case "hz" -> Optional.of(1_000_000_000L / n.get());
                default -> Optional.empty();
            };
        }

        List<ConcreteProbe> perf(List<PerfEvent> events, String kind) {
            if (parts.size() < 2 || parts.size() > 3) {
                return invalid("%s needs an event: %s:event[:count]".formatted(kind, kind), "e.g. %s:%s:100".formatted(kind, events.get(0).name()));
            }
            Optional<PerfEvent> event = events.stream()
                    .filter(e -> e.name().equals(parts.get(1)) || (!e.alias().isEmpty() && e.alias().equals(parts.get(1))))
                    .findFirst();
            if (event.isEmpty()) {
                return invalid("unknown %s event '%s'".formatted(kind, parts.get(1)),
                        "events are " + String.join(", ", events.stream().map(PerfEvent::name).toList()));
            }
            long period = event.get().defaultPeriod();
            if (parts.size() == 3) {
                Optional<Long> count = number(parts.get(2)).filter(v -> v > 0);
                if (count.isEmpty()) return invalid("bad %s count '%s'".formatted(kind, parts.get(2)), "write a positive integer");
                period = count.get();
            }
            AttachPoint point = kind.equals("software")
                    ? new AttachPoint.Software(event.get().name(), event.get().config(), period)
                    : new AttachPoint.Hardware(event.get().name(), event.get().config(), period);
            return one(String.join(":", parts.subList(1, parts.size())), point, ProgramType.PERF_EVENT);
        }

        List<ConcreteProbe> watchpoint() {
            if (parts.size() != 4) return invalid("%s needs an address, a length and a mode: %s:0xaddr:len:mode".formatted(provider, provider),
                    "e.g. %s:0x10000000:8:rw".formatted(provider));
            Optional<Long> address = number(parts.get(1));
            if (address.isEmpty()) return unsupported("watchpoints on function arguments");
            Optional<Long> length = number(parts.get(2)).filter(v -> v == 1 || v == 2 || v == 4 || v == 8);
            if (length.isEmpty()) return invalid("watchpoint length must be 1, 2, 4 or 8", "e.g. :8:");
            String mode = parts.get(3);
            if (mode.isEmpty() || !mode.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'x')
                    || mode.chars().distinct().count() != mode.length()) {
                return invalid("watchpoint mode must be r, w, x or a mix such as rw", "e.g. :rw");
            }
            return one(String.join(":", parts.subList(1, 4)),
                    new AttachPoint.Watchpoint(address.get(), length.get().intValue(), mode), ProgramType.PERF_EVENT);
        }

        List<ConcreteProbe> kfunc(ProbeEnd end) {
            if (parts.size() < 2 || parts.size() > 3 || parts.get(parts.size() - 1).isEmpty()) {
                return invalid("%s needs a function: %s:function".formatted(provider, provider), "e.g. %s:vfs_read".formatted(provider));
            }
            String function = parts.get(parts.size() - 1);
            if (!Wildcard.isPattern(function) && !target.hasKernelFunction(function)) {
                diags.report(Diagnostic.warning(SemaCode.UNKNOWN_KERNEL_FUNCTION, spec.span(),
                        "kernel function %s is not known to %s".formatted(function, target.describe())));
            }
            return one(String.join(":", parts.subList(1, parts.size())), new AttachPoint.Kfunc(function, end), ProgramType.TRACING);
        }
    }

    private static Optional<Long> number(String text) {
        try {
            String digits = text.replace("_", "");
            if (digits.startsWith("0x") || digits.startsWith("0X")) return Optional.of(Long.parseUnsignedLong(digits.substring(2), 16));
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An existing file for a uprobe/usdt binary: a path as given, else a library name or a program on PATH. */
    private static Optional<String> resolveBinary(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name);
            return Files.isRegularFile(path) ? Optional.of(name) : Optional.empty();
        }
        for (String directory : LIBRARY_DIRECTORIES) {
            Path dir = Path.of(directory);
            if (!Files.isDirectory(dir)) continue;
            String prefix = (name.startsWith("lib") ? name : "lib" + name) + ".so";
            try (Stream<Path> files = Files.list(dir)) {
                // a bare lib*.so is often a linker script (libc.so): only an ELF file can be probed
                Optional<Path> library = files.filter(p -> {
                    String file = p.getFileName().toString();
                    return file.equals(prefix) || file.startsWith(prefix + ".");
                }).filter(ProbeExpander::isElf).sorted().findFirst();
                if (library.isPresent()) return Optional.of(library.get().toString());
            } catch (java.io.IOException e) {
                // an unreadable directory holds nothing we can attach to
            }
        }
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (directory.isEmpty()) continue;
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate.toString());
        }
        return Optional.empty();
    }

    private static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The candidate closest to {@code wanted} by edit distance, or "" when none is close. */
    static String nearest(String wanted, List<String> candidates) {
        String best = "";
        int bestDistance = Math.max(2, wanted.length() / 3) + 1;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - wanted.length()) >= bestDistance) continue;
            int distance = editDistance(wanted, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

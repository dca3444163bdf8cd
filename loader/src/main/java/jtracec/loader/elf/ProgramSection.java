package jtracec.loader.elf;

import java.util.List;
import jtracec.loader.symbols.ElfFormatException;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;

/**
 * What a code section's name says about its programs, by libbpf's {@code SEC()} conventions
 * ({@code section_defs[]} in tools/lib/bpf/libbpf.c): the program type and where it attaches.
 * Only tracing program types are modelled by the verifier; other known kinds are refused by name.
 */
record ProgramSection(ProgramType type, AttachPoint attach) {
    /** Known to libbpf but not (yet) modelled: section prefix and what to call it in a message. */
    private static final List<List<String>> UNSUPPORTED = List.of(
            List.of("socket", "socket filter"), List.of("xdp", "XDP"), List.of("tc", "tc classifier"),
            List.of("classifier", "tc classifier"), List.of("action", "tc action"), List.of("cgroup", "cgroup"),
            List.of("lsm", "LSM"), List.of("iter", "BPF iterator"), List.of("fmod_ret", "fmod_ret"),
            List.of("struct_ops", "struct_ops"), List.of("sk_", "socket"), List.of("sockops", "sockops"),
            List.of("lwt_", "lightweight tunnel"), List.of("flow_dissector", "flow dissector"),
            List.of("syscall", "syscall"), List.of("usdt", "USDT"), List.of("ksyscall", "ksyscall"),
            List.of("kretsyscall", "ksyscall"), List.of("kprobe.multi", "kprobe.multi"),
            List.of("kretprobe.multi", "kprobe.multi"), List.of("raw_tracepoint.w", "writable raw tracepoint"),
            List.of("raw_tp.w", "writable raw tracepoint"),
            List.of("uprobe.s", "sleepable uprobe"), List.of("uretprobe.s", "sleepable uprobe"), List.of("fentry.s", "sleepable fentry"),
            List.of("fexit.s", "sleepable fexit"), List.of("netfilter", "netfilter"), List.of("sk_lookup", "sk_lookup"));

    static ProgramSection of(String section) throws ElfFormatException {
        String prefix = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        String rest = section.contains("/") ? section.substring(section.indexOf('/') + 1) : "";
        switch (prefix) {
            case "tracepoint", "tp" -> {
                int slash = rest.indexOf('/');
                if (slash <= 0 || slash == rest.length() - 1) throw malformed(section, prefix + "/CATEGORY/NAME");
                return new ProgramSection(ProgramType.TRACEPOINT, new AttachPoint.Tracepoint(rest.substring(0, slash), rest.substring(slash + 1)));
            }
            case "raw_tracepoint", "raw_tp" -> {
                if (rest.isEmpty()) throw malformed(section, prefix + "/NAME");
                return new ProgramSection(ProgramType.RAW_TRACEPOINT, new AttachPoint.RawTracepoint(rest));
            }
            // BTF-typed raw tracepoints are TRACING programs (BPF_TRACE_RAW_TP); the point is still the tracepoint
            case "tp_btf" -> {
                if (rest.isEmpty()) throw malformed(section, "tp_btf/NAME");
                return new ProgramSection(ProgramType.TRACING, new AttachPoint.RawTracepoint(rest));
            }
            case "kprobe", "kretprobe" -> {
                var end = prefix.equals("kprobe") ? AttachPoint.ProbeEnd.ENTRY : AttachPoint.ProbeEnd.RETURN;
                return new ProgramSection(ProgramType.KPROBE, kprobe(section, rest, end));
            }
            // libbpf: "uprobe/PATH:SYMBOL" auto-attaches, a bare "uprobe" is attached by hand
            case "uprobe", "uretprobe" -> {
                var end = prefix.equals("uprobe") ? AttachPoint.ProbeEnd.ENTRY : AttachPoint.ProbeEnd.RETURN;
                int colon = rest.lastIndexOf(':');
                return new ProgramSection(ProgramType.KPROBE, colon < 0 ? new AttachPoint.Uprobe(rest, "", 0, end)
                        : new AttachPoint.Uprobe(rest.substring(0, colon), rest.substring(colon + 1), 0, end));
            }
            case "fentry", "fexit" -> {
                if (rest.isEmpty()) throw malformed(section, prefix + "/FUNCTION");
                var end = prefix.equals("fentry") ? AttachPoint.ProbeEnd.ENTRY : AttachPoint.ProbeEnd.RETURN;
                return new ProgramSection(ProgramType.TRACING, new AttachPoint.Kfunc(rest, end));
            }
            // the object does not say which event: user space opens one and attaches the program by hand
            case "perf_event" -> {
                return new ProgramSection(ProgramType.PERF_EVENT, new AttachPoint.Software("perf_event", 0, 0));
            }
            default -> throw unsupported(section, prefix);
        }
    }

    private static AttachPoint kprobe(String section, String rest, AttachPoint.ProbeEnd end) throws ElfFormatException {
        int plus = rest.indexOf('+');
        if (plus < 0) return new AttachPoint.Kprobe(rest, 0, end);
        try {
            String offset = rest.substring(plus + 1);
            long value = offset.startsWith("0x") ? Long.parseLong(offset.substring(2), 16) : Long.parseLong(offset);
            return new AttachPoint.Kprobe(rest.substring(0, plus), value, end);
        } catch (NumberFormatException e) {
            throw malformed(section, "kprobe/FUNCTION+OFFSET");
        }
    }

    private static ElfFormatException malformed(String section, String shape) {
        return new ElfFormatException("section '%s' does not name an attach point: write SEC(\"%s\")".formatted(section, shape));
    }

    private static ElfFormatException unsupported(String section, String prefix) {
        String known = "tracepoint/, tp/, raw_tracepoint/, raw_tp/, tp_btf/, kprobe/, kretprobe/, uprobe, uretprobe, fentry/, fexit/, perf_event";
        for (List<String> kind : UNSUPPORTED) {
            if (prefix.startsWith(kind.get(0))) {
                return new ElfFormatException("section '%s': %s programs are not supported yet (supported: %s)"
                        .formatted(section, kind.get(1), known));
            }
        }
        return new ElfFormatException("section '%s' holds code but is not a program section libbpf knows (expected one of %s)"
                .formatted(section, known));
    }
}

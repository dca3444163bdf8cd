package jtracec.loader.attach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import jtracec.loader.sys.Bpf;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfProgram;

/**
 * Which kprobe programs attach through kprobe_multi links (5.18+, with fprobe), and with which
 * links. A program shared by several kprobe/kretprobe sites (a wildcard, or a block listing
 * functions) gets one link per probe end, naming all its functions, instead of one perf-event
 * kprobe per function: attaching is one system call, and the kernel installs a single ftrace hook.
 * The choice is made per program, once, because it decides how the program is loaded: a kprobe_multi
 * program has expected attach type BPF_TRACE_KPROBE_MULTI (so bpf_get_func_ip, the {@code func}
 * builtin, returns the function's address from the fprobe entry) and cannot be attached to a perf
 * event. The perf-event path stays for a program at one site, for an offset ({@code kprobe:f+8}
 * cannot be expressed in a kprobe_multi link), for module-qualified names, for a program that also
 * attaches elsewhere (a uprobe in the same block), and on kernels without the link type.
 */
public final class KprobeMultiLinks {
    /** One kprobe_multi link: its functions (distinct, in site order), its flags, and the sites it covers. */
    public record Link(AttachPoint.ProbeEnd end, List<String> functions, List<AttachSite> sites) {
        public Link {
            functions = List.copyOf(functions);
            sites = List.copyOf(sites);
        }

        /** link_create.kprobe_multi.flags */
        public int flags() {
            return end == AttachPoint.ProbeEnd.RETURN ? Bpf.KPROBE_MULTI_RETURN : 0;
        }
    }

    private KprobeMultiLinks() {}

    /** Whether {@code program} is loaded and attached as kprobe_multi on {@code target}. */
    public static boolean isUsedFor(BpfProgram program, Target target) {
        return program.sites().size() > 1
                && program.sites().stream().allMatch(site -> site.point() instanceof AttachPoint.Kprobe kprobe
                        && kprobe.offset() == 0 && !kprobe.function().contains(":"))
                && target.supports(KernelFeature.KPROBE_MULTI);
    }

    /** The expected attach type {@code program} is loaded with on {@code target} as far as kprobes decide it (0: none). */
    public static int expectedAttachType(BpfProgram program, Target target) {
        return isUsedFor(program, target) ? Bpf.ATTACH_TRACE_KPROBE_MULTI : 0;
    }

    /** The links of a program {@link #isUsedFor} kprobe_multi: one per probe end, entries first. */
    public static List<Link> links(BpfProgram program) {
        var byEnd = new LinkedHashMap<AttachPoint.ProbeEnd, List<AttachSite>>();
        for (var end : AttachPoint.ProbeEnd.values()) byEnd.put(end, new ArrayList<>());
        for (var site : program.sites()) {
            if (!(site.point() instanceof AttachPoint.Kprobe kprobe)) {
                throw new IllegalStateException("bug: %s is not a kprobe but its program is attached as kprobe_multi".formatted(site.probe()));
            }
            byEnd.get(kprobe.end()).add(site);
        }
        var links = new ArrayList<Link>();
        byEnd.forEach((end, sites) -> {
            if (sites.isEmpty()) return;
            // the kernel resolves each name once; a repeated name would leave one entry unresolved
            var functions = new LinkedHashSet<String>();
            for (var site : sites) functions.add(((AttachPoint.Kprobe) site.point()).function());
            links.add(new Link(end, List.copyOf(functions), sites));
        });
        return links;
    }
}

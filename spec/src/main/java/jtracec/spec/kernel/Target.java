package jtracec.spec.kernel;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import jtracec.spec.object.UsdtSite;

/**
 * What a kernel offers, as semantic analysis and the verifier need to know it. Implemented in
 * {@code loader} by the live kernel and by a snapshot file, so {@code --verify} works on a
 * machine with no BPF at all.
 */
public interface Target {
    /** A human name for diagnostics, e.g. "this kernel (6.18.44)" or "snapshot host1.json". */
    String describe();

    boolean supports(KernelFeature feature);

    Optional<TracepointFormat> tracepoint(String category, String name);

    /** Every tracepoint as "category:name", for wildcard expansion and listings. */
    List<String> tracepoints();

    /** Traceable kernel functions, as kallsyms (or the snapshot) lists them: kprobe/kfunc candidates. */
    Set<String> kernelFunctions();

    default boolean hasKernelFunction(String name) {
        return kernelFunctions().contains(name);
    }

    /**
     * The kernel's C types from its BTF ({@code /sys/kernel/btf/vmlinux}): struct layouts, enum
     * constants, function signatures. Empty when the kernel has no BTF. May be costly the first
     * time (the live kernel decodes some 5 MB), so callers ask only when a script needs a type.
     */
    Optional<KernelTypes> kernelTypes();

    /**
     * The USDT probe sites of a user binary ({@code .note.stapsdt}), in note order; empty when this
     * target cannot read the binary (or reads no binaries at all), and then usdt arguments are unknown.
     */
    default Optional<List<UsdtSite>> usdtSites(String binary) {
        return Optional.empty();
    }

    /** Number of possible CPUs: the stride of per-CPU map values. */
    int possibleCpus();
}

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

    /**
     * The address of a kernel symbol as {@code /proc/kallsyms} lists it, for {@code kaddr("name")};
     * empty when the kernel does not list it (or hides addresses) or the target does not know.
     */
    default Optional<Long> kernelSymbolAddress(String name) {
        return Optional.empty();
    }

    /**
     * A data object ({@code STT_OBJECT}) of an ELF binary, for {@code uaddr("name")} in a uprobe on
     * that binary: its link-time address and size; empty when the binary has no such symbol.
     */
    default Optional<UserSymbol> userObject(String binary, String name) {
        return Optional.empty();
    }

    /**
     * The cgroup v2 id of a cgroup directory, for {@code cgroupid("/path")}: what
     * {@code name_to_handle_at(2)} returns as its 8-byte handle, as bpftrace 0.17 resolves it
     * (src/resolve_cgroupid.cpp); empty when the path has no such handle or the target does not know.
     */
    default Optional<Long> cgroupId(String path) {
        return Optional.empty();
    }

    /** A symbol of a user-space binary: where the linker put it, and how many bytes it has. */
    record UserSymbol(long address, long size) {}
}

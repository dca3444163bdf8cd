/**
 * Names, types and attach points against a {@code Target} ({@link jtracec.compiler.sema.Sema}).
 *
 * <p>Decisions worth knowing:
 * <ul>
 * <li>Types follow what bpftrace 0.17 prints with {@code -d}: process builtins are uint64,
 *     {@code comm} string[16], {@code str()} string[64], ints are stored 64 bits wide in maps,
 *     arithmetic is unsigned when either side is.</li>
 * <li>Maps may be read in a probe before the probe that writes them, so map types are fixed
 *     by a first pass over all probes (diagnostics dropped) and checked by a second.</li>
 * <li>Kernel structs need BTF, which the Target does not offer yet: field access is typed for
 *     tracepoint {@code args} (from the format file) and for structs declared in the script;
 *     anything else is an E0224 diagnostic, never a guess.</li>
 * <li>Tracepoint wildcards are expanded against the Target; kprobe/uprobe wildcards stay
 *     patterns in the AttachPoint (the Target lists no functions) for the loader to expand.</li>
 * </ul>
 */
package jtracec.compiler.sema;

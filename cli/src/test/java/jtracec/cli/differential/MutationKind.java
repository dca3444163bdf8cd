package jtracec.cli.differential;

/** The kinds of fault a mutant plants in compiled bytecode; each is a way real code generators and hand-written BPF go wrong. */
enum MutationKind {
    /** ±1 or ±8 on the offset of a load or store (stack, map value, context, reservation). */
    ACCESS_OFFSET,
    /** ±1 or ±8 on a constant added to a pointer (the stack slot or record address a helper receives). */
    POINTER_OFFSET,
    /** ±1 or ±8 on a constant argument to a helper (sizes of reads, outputs and reservations). */
    HELPER_SIZE,
    /** The null check after bpf_map_lookup_elem or bpf_ringbuf_reserve dropped: the non-null path is always taken. */
    NULL_CHECK,
    /** Source and destination registers of a register-to-register instruction swapped. */
    SWAPPED_REGISTERS,
    /** A loop's exit comparison dropped (always loops) or weakened (its constant bound raised). */
    LOOP_BOUND,
    /** A jump retargeted by ±1 instruction. */
    JUMP_TARGET,
    /** A store dropped (replaced by a no-op), so what it initialised is read uninitialised. */
    DROPPED_STORE,
    /** ±1 or ±8 on the key or value size of a map the program uses. */
    MAP_SIZE
}

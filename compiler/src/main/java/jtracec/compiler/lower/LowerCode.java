package jtracec.compiler.lower;

import jtracec.spec.diag.Code;

/** Diagnostics of lowering and code generation: scripts that type-check but cannot be compiled to eBPF. */
public enum LowerCode implements Code {
    /** A construct lowering does not implement yet. */
    UNSUPPORTED("E0501"),
    /** The probe needs more than the kernel's 512-byte stack. */
    STACK_LIMIT("E0502"),
    /** A constant argument (format string, bucket bounds, unroll count) is not a constant or is out of range. */
    BAD_CONSTANT_ARGUMENT("E0503"),
    /**
     * A name bpftrace 0.17 resolves when it generates code that the target does not have: the
     * kernel symbol of kaddr(), the cgroup path of cgroupid().
     */
    UNRESOLVED_NAME("E0504"),
    /** A usdt argument the probe's notes do not list, or whose operand cannot be read. */
    USDT_ARGUMENT("E0505");

    private final String id;

    LowerCode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}

package jtracec.spec.object;

/**
 * One place a program is attached: the probe's full name there (the value of the {@code probe}
 * builtin, e.g. {@code tracepoint:syscalls:sys_enter_openat}) and the concrete attach point.
 */
public record AttachSite(String probe, AttachPoint point) {}

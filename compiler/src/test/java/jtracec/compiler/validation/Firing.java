package jtracec.compiler.validation;

import jtracec.spec.interp.Task;

/**
 * One firing of one probe program: {@code site} indexes the program list (probes in source order,
 * each expanded to its attach points in order, as lowering emits them), the task it fires in, and
 * the raw context (tracepoint record, pt_regs) both the compiled program and the evaluator read.
 */
record Firing(int site, Task task, byte[] context) {
    Firing {
        context = context.clone();
    }

    @Override
    public byte[] context() {
        return context.clone();
    }

    @Override
    public String toString() {
        return "Firing[site=%d, pid=%d, tid=%d, uid=%d, gid=%d, comm=%s, cpu=%d, nsecs=%d, context=%s]".formatted(site,
                task.pid(), task.tid(), task.uid(), task.gid(), task.comm(), task.cpu(), task.timeNanos(),
                java.util.HexFormat.of().formatHex(context));
    }
}

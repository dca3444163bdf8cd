package jtracec.spec.interp;

import java.util.List;

/**
 * The task a synthetic event happens in, as the task helpers report it: process id (tgid) and
 * thread id, credentials, comm, the CPU it runs on, the clock, and its kernel and user stacks
 * (innermost frame first) for bpf_get_stackid.
 */
public record Task(int pid, int tid, int uid, int gid, String comm, int cpu, long timeNanos,
                   List<Long> kernelStack, List<Long> userStack, long cgroupId) {
    public Task {
        kernelStack = List.copyOf(kernelStack);
        userStack = List.copyOf(userStack);
    }

    /** A plain task for tests: pid = tid, root, CPU 0, no stacks. */
    public static Task of(int pid, String comm, long timeNanos) {
        return new Task(pid, pid, 0, 0, comm, 0, timeNanos, List.of(), List.of(), 1);
    }

    public Task onCpu(int newCpu) {
        return new Task(pid, tid, uid, gid, comm, newCpu, timeNanos, kernelStack, userStack, cgroupId);
    }

    public Task withThread(int newTid) {
        return new Task(pid, newTid, uid, gid, comm, cpu, timeNanos, kernelStack, userStack, cgroupId);
    }

    public Task withStacks(List<Long> kernel, List<Long> user) {
        return new Task(pid, tid, uid, gid, comm, cpu, timeNanos, kernel, user, cgroupId);
    }

    public Task at(long nanos) {
        return new Task(pid, tid, uid, gid, comm, cpu, nanos, kernelStack, userStack, cgroupId);
    }
}

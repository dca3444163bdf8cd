package jtracec.spec.interp;

import java.util.List;

/**
 * One synthetic probe firing: the context the program gets in r1 (pt_regs, tracepoint record,
 * ...), the task it fires in, the memory bpf_probe_read* may read (kernel or user bytes at
 * their addresses), and the probed function's address for bpf_get_func_ip.
 */
public record Event(byte[] context, Task task, List<Segment> memory, long functionIp) {
    public Event {
        context = context.clone();
        memory = List.copyOf(memory);
    }

    /** Bytes readable by the probe_read helpers at {@code address}. */
    public record Segment(long address, byte[] bytes) {
        public Segment {
            bytes = bytes.clone();
        }

        boolean contains(long start, int size) {
            return Long.compareUnsigned(start, address) >= 0
                    && Long.compareUnsigned(start - address + size, bytes.length) <= 0;
        }
    }

    public static Event of(byte[] context, Task task) {
        return new Event(context, task, List.of(), 0);
    }

    public Event withMemory(List<Segment> segments) {
        return new Event(context, task, segments, functionIp);
    }

    @Override
    public byte[] context() {
        return context.clone();
    }
}

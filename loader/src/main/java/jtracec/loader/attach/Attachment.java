package jtracec.loader.attach;

import java.util.List;
import jtracec.loader.sys.FileDescriptor;

/**
 * What keeps one program attached: its perf events and links. Closing them detaches the program;
 * the kernel removes fd-based uprobes and perf events with their last descriptor, so nothing is
 * left behind in tracefs even when the process dies.
 */
public final class Attachment implements AutoCloseable {
    private final String probe;
    private final List<FileDescriptor> descriptors;
    private final int pointCount;

    Attachment(String probe, List<FileDescriptor> descriptors) {
        this(probe, descriptors, descriptors.size());
    }

    /** One descriptor standing for several attach points: a kprobe_multi link at {@code pointCount} functions. */
    Attachment(String probe, List<FileDescriptor> descriptors, int pointCount) {
        this.probe = probe;
        this.descriptors = List.copyOf(descriptors);
        this.pointCount = pointCount;
    }

    public String probe() {
        return probe;
    }

    /** How many kernel attach points this covers (one per CPU for profile and software events, one per function of a kprobe_multi link). */
    public int size() {
        return pointCount;
    }

    /** How many descriptors (perf events, links) keep it attached: one for a kprobe_multi link. */
    public int descriptorCount() {
        return descriptors.size();
    }

    @Override
    public void close() {
        // links before their perf events, newest first, as they were opened
        for (int i = descriptors.size() - 1; i >= 0; i--) descriptors.get(i).close();
    }
}

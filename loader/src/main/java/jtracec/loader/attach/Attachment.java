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

    Attachment(String probe, List<FileDescriptor> descriptors) {
        this.probe = probe;
        this.descriptors = List.copyOf(descriptors);
    }

    public String probe() {
        return probe;
    }

    /** How many kernel attach points this covers (one per CPU for profile and software events). */
    public int size() {
        return descriptors.size();
    }

    @Override
    public void close() {
        // links before their perf events, newest first, as they were opened
        for (int i = descriptors.size() - 1; i >= 0; i--) descriptors.get(i).close();
    }
}

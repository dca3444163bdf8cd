package jtracec.loader.sys;

import com.sun.jna.LastErrorException;

/** An owned kernel file descriptor (map, program, link, perf event, epoll); closing twice is harmless. */
public final class FileDescriptor implements AutoCloseable {
    private final int value;
    private boolean isClosed;

    public FileDescriptor(int value) {
        if (value < 0) throw new IllegalArgumentException("bug: negative fd " + value);
        this.value = value;
    }

    public int value() {
        if (isClosed) throw new IllegalStateException("bug: fd " + value + " used after close");
        return value;
    }

    public boolean isClosed() {
        return isClosed;
    }

    @Override
    public void close() {
        if (isClosed) return;
        isClosed = true;
        try {
            LibC.INSTANCE.close(value);
        } catch (LastErrorException e) {
            // close(2): the descriptor is released even when close reports an error; nothing to retry.
        }
    }

    @Override
    public String toString() {
        return "fd " + value;
    }
}

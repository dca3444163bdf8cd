package jtracec.loader.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/** An epoll instance that wakes when any registered descriptor becomes readable. */
public final class Epoll implements AutoCloseable {
    private static final int CLOEXEC = 0x80000, CTL_ADD = 1, IN = 1, EVENT_SIZE = 12, MAX_EVENTS = 16;

    private final FileDescriptor fd;
    private final Memory events = new Memory((long) EVENT_SIZE * MAX_EVENTS);

    public Epoll() {
        try {
            fd = new FileDescriptor(LibC.INSTANCE.epoll_create1(CLOEXEC));
        } catch (LastErrorException e) {
            throw new SystemCallException("epoll_create1", e.getErrorCode());
        }
    }

    public void addReadable(FileDescriptor watched) {
        try (var event = new Memory(EVENT_SIZE)) {
            event.clear();
            event.setInt(0, IN);
            event.setLong(4, watched.value());
            LibC.INSTANCE.epoll_ctl(fd.value(), CTL_ADD, watched.value(), event);
        } catch (LastErrorException e) {
            throw new SystemCallException("epoll_ctl", e.getErrorCode());
        }
    }

    /** Waits up to {@code timeoutMillis}; returns how many descriptors are ready (0 on timeout or a signal). */
    public int await(int timeoutMillis) {
        try {
            return LibC.INSTANCE.epoll_wait(fd.value(), events, MAX_EVENTS, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == SystemCallException.EINTR) return 0;
            throw new SystemCallException("epoll_wait", e.getErrorCode());
        }
    }

    @Override
    public void close() {
        fd.close();
        events.close();
    }
}

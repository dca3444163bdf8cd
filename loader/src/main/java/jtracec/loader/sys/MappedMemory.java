package jtracec.loader.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * A shared mapping of a kernel object (the ring buffer's pages). Reads of positions go through
 * native calls, so the JIT cannot hoist or reorder them across the loop that polls them.
 */
public final class MappedMemory implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;

    private final Pointer base;
    private final long length;
    private boolean isClosed;

    private MappedMemory(Pointer base, long length) {
        this.base = base;
        this.length = length;
    }

    public static MappedMemory readOnly(FileDescriptor fd, long offset, long length) {
        return map(fd, offset, length, PROT_READ);
    }

    public static MappedMemory readWrite(FileDescriptor fd, long offset, long length) {
        return map(fd, offset, length, PROT_READ | PROT_WRITE);
    }

    private static MappedMemory map(FileDescriptor fd, long offset, long length, int protection) {
        try {
            var address = LibC.INSTANCE.mmap(Pointer.NULL, length, protection, MAP_SHARED, fd.value(), offset);
            if (Pointer.nativeValue(address) == -1L) throw new SystemCallException("mmap", SystemCallException.EINVAL);
            return new MappedMemory(address, length);
        } catch (LastErrorException e) {
            throw new SystemCallException("mmap", e.getErrorCode());
        }
    }

    public static int pageSize() {
        return LibC.INSTANCE.getpagesize();
    }

    public long length() {
        return length;
    }

    public long getLong(long offset) {
        check(offset, 8);
        return base.getLong(offset);
    }

    public int getInt(long offset) {
        check(offset, 4);
        return base.getInt(offset);
    }

    public void putLong(long offset, long value) {
        check(offset, 8);
        base.setLong(offset, value);
    }

    public byte[] read(long offset, int count) {
        check(offset, count);
        return base.getByteArray(offset, count);
    }

    private void check(long offset, long count) {
        if (isClosed || offset < 0 || offset + count > length) {
            throw new IllegalStateException("bug: access [%d, +%d) of a %d-byte mapping".formatted(offset, count, length));
        }
    }

    @Override
    public void close() {
        if (isClosed) return;
        isClosed = true;
        try {
            LibC.INSTANCE.munmap(base, length);
        } catch (LastErrorException e) {
            // munmap of our own mapping fails only on a bug; the mapping dies with the process anyway.
        }
    }
}

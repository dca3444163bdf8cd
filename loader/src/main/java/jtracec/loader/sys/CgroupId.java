package jtracec.loader.sys;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The id the kernel gives a cgroup v2 directory ({@code bpf_get_current_cgroup_id()} returns the
 * same number), read as bpftrace 0.17 reads it (src/resolve_cgroupid.cpp): the 8-byte file handle
 * {@code name_to_handle_at(2)} returns for the path.
 */
public final class CgroupId {
    private static final int AT_FDCWD = -100;

    private CgroupId() {}

    /** Empty when the path does not exist or its file system gives no 8-byte handle. */
    public static Optional<Long> of(String path) {
        // struct file_handle: handle_bytes (in: room for 8), handle_type, then the handle itself
        var handle = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        handle.putInt(0, 8);
        try {
            LibC.INSTANCE.name_to_handle_at(AT_FDCWD, path, handle.array(), new int[1], 0);
        } catch (LastErrorException e) {
            return Optional.empty();
        }
        return Optional.of(handle.getLong(8));
    }
}

package jtracec.loader.sys;

/**
 * A system call failed with {@code errno}. Raised inside the loader; the public boundary turns it
 * into one of the typed environment exceptions of {@code jtracec.loader}.
 */
public final class SystemCallException extends RuntimeException {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, E2BIG = 7, EBADF = 9, EAGAIN = 11,
            ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22,
            ENOSPC = 28, ENOSYS = 38, EOPNOTSUPP = 95, ENOTSUPP = 524;

    private final String operation;
    private final int errno;

    public SystemCallException(String operation, int errno) {
        super("%s: %s (errno %d)".formatted(operation, describe(errno), errno));
        this.operation = operation;
        this.errno = errno;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    /** strerror(3), except for the kernel-internal ENOTSUPP that libc has no text for. */
    public static String describe(int errno) {
        return errno == ENOTSUPP ? "Operation not supported" : LibC.INSTANCE.strerror(errno);
    }
}

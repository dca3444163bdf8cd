package jtracec.loader;

/** A system call failed for a reason none of the more specific exceptions covers; carries the operation and errno. */
public final class KernelRefusedException extends LoaderException {
    private final String operation;
    private final int errno;

    public KernelRefusedException(String operation, int errno, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.errno = errno;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    @Override
    public String help() {
        return "check dmesg and `bpftool feature probe` for what this kernel allows";
    }
}

package jtracec.loader;

/** The kernel has no bpf(2) at all (ENOSYS), or the system call is filtered out (e.g. by seccomp in a container). */
public final class BpfUnavailableException extends LoaderException {
    public BpfUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String help() {
        return "run on a kernel built with CONFIG_BPF_SYSCALL, outside seccomp filters; use --verify --target SNAPSHOT to check scripts without BPF";
    }
}

package jtracec.loader;

import jtracec.loader.sys.SystemCallException;

/**
 * Why the environment could not run a verified object: no BPF, no permission, a kernel that
 * lacks a feature or refuses a program. Thrown at the loader's public boundary only; {@code cli}
 * prints {@link #getMessage()} as the error and {@link #help()} as its {@code help:} line.
 */
public sealed abstract class LoaderException extends RuntimeException
        permits BpfUnavailableException, PermissionDeniedException, FeatureUnavailableException,
                ProgramRejectedException, AttachTargetNotFoundException, KernelRefusedException,
                LimitExceededException {
    protected LoaderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What the user can do about it, one sentence. */
    public abstract String help();

    /** The typed form of a failed system call: no BPF, no permission, or the kernel's refusal with its errno. */
    public static LoaderException of(SystemCallException failure) {
        var text = "%s failed: %s".formatted(failure.operation(), SystemCallException.describe(failure.errno()));
        return switch (failure.errno()) {
            case SystemCallException.ENOSYS -> new BpfUnavailableException(text + " (this kernel has no bpf(2) system call)", failure);
            case SystemCallException.EPERM, SystemCallException.EACCES -> new PermissionDeniedException(text, failure);
            default -> new KernelRefusedException(failure.operation(), failure.errno(), text, failure);
        };
    }
}

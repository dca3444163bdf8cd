package jtracec.loader;

/** The kernel refused an operation for lack of privilege (EPERM/EACCES outside the verifier). */
public final class PermissionDeniedException extends LoaderException {
    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String help() {
        return "run as root, or grant CAP_BPF and CAP_PERFMON (and CAP_SYS_ADMIN for some attach types)";
    }
}

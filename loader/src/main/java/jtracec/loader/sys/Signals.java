package jtracec.loader.sys;

import com.sun.jna.LastErrorException;

/** kill(2) for the signals Java has no call for (SIGCONT), sent without starting a kill process. */
public final class Signals {
    /** Continues a stopped process. */
    public static final int SIGCONT = 18;

    private Signals() {}

    /** Sends {@code signal}; a process that is already gone is not an error. */
    public static void send(long pid, int signal) {
        try {
            LibC.INSTANCE.kill(Math.toIntExact(pid), signal);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != 3) throw new SystemCallException("kill", e.getErrorCode()); // ESRCH: gone
        }
    }
}

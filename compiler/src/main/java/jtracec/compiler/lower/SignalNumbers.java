package jtracec.compiler.lower;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signal names as signal() takes them, to Linux's numbers (x86-64, arm64): bpftrace 0.17's
 * signal_name_to_num (src/ast/signal.cpp) upper-cases the name and adds "SIG" when it is missing.
 */
final class SignalNumbers {
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("SIGHUP", 1), Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGILL", 4),
            Map.entry("SIGTRAP", 5), Map.entry("SIGABRT", 6), Map.entry("SIGBUS", 7), Map.entry("SIGFPE", 8),
            Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10), Map.entry("SIGSEGV", 11), Map.entry("SIGUSR2", 12),
            Map.entry("SIGPIPE", 13), Map.entry("SIGALRM", 14), Map.entry("SIGTERM", 15), Map.entry("SIGCHLD", 17),
            Map.entry("SIGCONT", 18), Map.entry("SIGSTOP", 19), Map.entry("SIGTSTP", 20), Map.entry("SIGTTIN", 21),
            Map.entry("SIGTTOU", 22), Map.entry("SIGURG", 23), Map.entry("SIGXCPU", 24), Map.entry("SIGXFSZ", 25),
            Map.entry("SIGVTALRM", 26), Map.entry("SIGWINCH", 28), Map.entry("SIGPOLL", 29), Map.entry("SIGSYS", 31));

    private SignalNumbers() {}

    static Optional<Integer> of(String name) {
        if (name.isEmpty()) return Optional.empty();
        String upper = name.toUpperCase(Locale.ROOT);
        return Optional.ofNullable(SIGNALS.get(upper.startsWith("S") ? upper : "SIG" + upper));
    }
}

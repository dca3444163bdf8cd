package jtracec.verifier.smt;

import com.microsoft.z3.Context;
import java.time.Duration;

/**
 * The Z3 context for checking one program: terms shared by its path conditions are encoded once
 * here, and each query opens its own {@link Prover} (a fresh solver), so no query sees another's
 * assertions. The context is created on the first query: most obligations fold to a constant and
 * never need one. Not thread-safe; close it when the program is done.
 */
public final class SmtSession implements AutoCloseable {
    private final Duration budget;
    private Context z3;
    private Encoder encoder;

    public SmtSession(Duration budget) {
        this.budget = budget;
    }

    /**
     * Starts loading Z3's native libraries on a daemon thread. z3-turnkey unpacks them from its jar
     * on every start (most of a second), so a caller that will verify soon overlaps that with its
     * own work; the first {@link Context} then waits only for what is left.
     */
    public static void preloadInBackground() {
        Thread.ofPlatform().daemon().name("z3-preload").start(() -> {
            try {
                Class.forName("com.microsoft.z3.Native", true, SmtSession.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // the first real query reports the failure where it can be handled
            }
        });
    }

    Context z3() {
        if (z3 == null) {
            z3 = new Context();
            encoder = new Encoder(z3);
        }
        return z3;
    }

    Encoder encoder() {
        z3();
        return encoder;
    }

    Duration budget() {
        return budget;
    }

    @Override
    public void close() {
        if (z3 != null) z3.close();
    }
}

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

package jtracec.spec.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one run, in the order reported. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public void report(Diagnostic diagnostic) {
        all.add(diagnostic);
    }

    public List<Diagnostic> all() {
        return List.copyOf(all);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return all.stream().filter(Diagnostic::isError).count();
    }
}

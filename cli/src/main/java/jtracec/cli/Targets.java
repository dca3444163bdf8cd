package jtracec.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import jtracec.loader.LoaderException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.kernel.Target;

/** Chooses the kernel model a run compiles and verifies against: this kernel, or a snapshot file. */
final class Targets {
    private Targets() {}

    static Optional<Target> open(Invocation invocation, PrintStream err) {
        if (invocation.target().isPresent()) {
            err.println("jtracec: error: --target (verifying against a kernel snapshot) is not supported yet");
            return Optional.empty();
        }
        try {
            return Optional.of(new LiveTarget());
        } catch (LoaderException e) {
            err.println("jtracec: error: " + e.getMessage());
            err.println("help: " + e.help());
            return Optional.empty();
        }
    }

    static boolean snapshot(Path file, PrintStream err) {
        err.println("jtracec: error: --snapshot-target is not supported yet (cannot write " + file + ")");
        return false;
    }
}

package jtracec.loader;

import java.io.PrintStream;
import jtracec.verifier.VerifiedObject;

/**
 * The cli tests' door to {@link Loader#loadIgnoringAttachRequirements}: kernel acceptance asks the
 * kernel's verifier about every program, including kprobe, kfunc and hardware programs this machine
 * cannot attach. It lives in the loader's package (legal on the class path) so that the loader keeps
 * no public way to skip its attach checks.
 */
public final class AcceptanceLoading {
    private AcceptanceLoading() {}

    public static TraceSession loadIgnoringAttachRequirements(Loader loader, VerifiedObject verified, PrintStream out) {
        return loader.loadIgnoringAttachRequirements(verified, out);
    }
}

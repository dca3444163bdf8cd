package jtracec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import jtracec.loader.LoaderException;
import jtracec.loader.target.LiveTarget;
import jtracec.loader.target.SnapshotTarget;
import jtracec.spec.kernel.Target;

/**
 * Chooses the kernel model a run compiles and verifies against: this kernel, or a snapshot file
 * written by {@code --snapshot-target} on another machine (which needs no BPF, tracefs or root).
 */
final class Targets {
    private Targets() {}

    static Optional<Target> open(Invocation invocation, DiagnosticReporter reporter) {
        if (invocation.target().isPresent()) return readSnapshot(invocation.target().get(), reporter);
        Optional<Path> kernelBtf = invocation.environment().kernelBtf();
        if (kernelBtf.isPresent() && !Files.isReadable(kernelBtf.get())) {
            reporter.failure("BPFTRACE_BTF names %s, which cannot be read".formatted(kernelBtf.get()),
                    "point BPFTRACE_BTF at a raw BTF file such as /sys/kernel/btf/vmlinux, or unset it");
            return Optional.empty();
        }
        try {
            return Optional.of(kernelBtf.map(LiveTarget::new).orElseGet(LiveTarget::new));
        } catch (LoaderException e) {
            reporter.failure(e.getMessage(), e.help());
            return Optional.empty();
        }
    }

    /** Records this kernel's facts in {@code file}; false (with the reason printed) when that fails. */
    static boolean snapshot(Path file, DiagnosticReporter reporter) {
        try {
            SnapshotTarget.write(new LiveTarget(), file);
            return true;
        } catch (IOException e) {
            reporter.failure("cannot write the snapshot %s: %s".formatted(file, e.getMessage()), "");
            return false;
        } catch (LoaderException e) {
            reporter.failure(e.getMessage(), e.help());
            return false;
        }
    }

    private static Optional<Target> readSnapshot(Path file, DiagnosticReporter reporter) {
        try {
            return Optional.of(SnapshotTarget.read(file));
        } catch (NoSuchFileException e) {
            reporter.failure("%s: no such snapshot file".formatted(file), "write one with: jtracec --snapshot-target " + file);
        } catch (IOException | RuntimeException e) {
            reporter.failure("%s is not a readable jtracec snapshot: %s".formatted(file, e.getMessage()),
                    "write one with: jtracec --snapshot-target " + file);
        }
        return Optional.empty();
    }
}

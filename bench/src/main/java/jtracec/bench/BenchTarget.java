package jtracec.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jtracec.loader.target.LiveTarget;
import jtracec.loader.target.SnapshotTarget;

/**
 * The kernel model the compile benchmarks run against: a snapshot file ({@code -Djtracec.target=FILE},
 * by default {@code target/kernel-snapshot.json} in the working directory), written once from this
 * kernel when it does not exist yet. A snapshot keeps tracefs reads out of the measurements while the
 * tracepoint formats stay this kernel's real ones.
 */
final class BenchTarget {
    private BenchTarget() {}

    static SnapshotTarget open() {
        Path file = Path.of(System.getProperty("jtracec.target", "target/kernel-snapshot.json"));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                SnapshotTarget.write(new LiveTarget(), file);
            }
            return SnapshotTarget.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or read the kernel snapshot " + file, e);
        }
    }
}

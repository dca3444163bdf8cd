package jtracec.spec.interp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the shared bpf_conformance tests live: {@code -Djtracec.shared}, else a {@code shared} folder beside a parent of the working directory. */
final class ConformanceSuite {
    private ConformanceSuite() {}

    static Optional<Path> shared() {
        String property = System.getProperty("jtracec.shared");
        if (property != null && Files.isDirectory(Path.of(property))) return Optional.of(Path.of(property));
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("conformance"))) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    static Path testDirectory() {
        return shared().map(s -> s.resolve("conformance/bpf_conformance/tests"))
                .filter(Files::isDirectory)
                .orElseThrow(() -> new IllegalStateException("bpf_conformance tests not found; set -Djtracec.shared"));
    }

    static List<Path> tests() throws IOException {
        try (Stream<Path> files = Files.list(testDirectory())) {
            return files.filter(f -> f.toString().endsWith(".data")).sorted().toList();
        }
    }
}

package jtracec.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.IVersionProvider;

/** {@code jtracec --version}: our version and the bpftrace language level we follow. */
final class Version implements IVersionProvider {
    static final String NUMBER = "0.1.0";

    /**
     * Where jtracec is documented: the README of the build it runs from (the jar sits in
     * cli/target/), as a file URI, when it is there. The project has no web address to give.
     */
    static Optional<URI> documentation() {
        try {
            Path jar = Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null || jar.getParent().getParent() == null ? jar : jar.getParent().getParent().getParent();
            if (root == null) return Optional.empty();
            Path readme = root.resolve("README.md");
            return Files.isRegularFile(readme) ? Optional.of(readme.toUri()) : Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"jtracec v" + NUMBER + " (bpftrace v0.17 language)"};
    }
}

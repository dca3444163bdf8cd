package jtracec.loader.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jtracec.loader.symbols.ElfFile;
import jtracec.spec.object.UsdtSite;

/** The USDT sites of a binary for a Target: both targets read the file itself, which is not part of the kernel. */
final class UsdtNotes {
    private UsdtNotes() {}

    static Optional<List<UsdtSite>> read(String binary) {
        try {
            return Optional.of(ElfFile.read(Path.of(binary)).usdtProbes().stream()
                    .map(probe -> new UsdtSite(probe.provider(), probe.name(), probe.address(), probe.arguments())).toList());
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}

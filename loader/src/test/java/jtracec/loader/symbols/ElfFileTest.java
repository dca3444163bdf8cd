package jtracec.loader.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
    @Test
    void bashExportsReadlineAtTheAddressReadelfShows() throws Exception {
        var bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isReadable(bash), "no /bin/bash");
        var elf = ElfFile.read(bash);
        var readline = elf.function("readline").orElseThrow();
        assertEquals(readelfAddress(bash, "readline"), readline.address());
        // the text segment of a PIE maps file offset == vaddr - p_vaddr + p_offset
        assertTrue(elf.fileOffset(readline.address()).isPresent());
    }

    @Test
    void aFileThatIsNotElfIsRefused(@TempDir Path directory) throws IOException {
        var file = directory.resolve("text");
        Files.writeString(file, "#!/bin/sh\necho not elf, long enough to have a header of sixty-four bytes........\n");
        assertThrows(ElfFormatException.class, () -> ElfFile.read(file));
    }

    private static long readelfAddress(Path binary, String symbol) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/readelf")), "no readelf to compare with");
        var process = new ProcessBuilder("/usr/bin/readelf", "-Ws", binary.toString()).start();
        var lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        process.waitFor();
        for (var line : lines) {
            var parts = List.of(line.trim().split("\\s+"));
            if (parts.size() >= 8 && parts.get(7).equals(symbol) && parts.get(3).equals("FUNC")) return Long.parseUnsignedLong(parts.get(1), 16);
        }
        throw new AssertionError(symbol + " not in readelf output");
    }
}

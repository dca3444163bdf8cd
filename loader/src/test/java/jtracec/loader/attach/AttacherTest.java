package jtracec.loader.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jtracec.loader.AttachTargetNotFoundException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AttacherTest {
    @Test
    void bareNamesResolveThroughPathThenAsLibraries() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/bin/bash")) || Files.isRegularFile(Path.of("/usr/bin/bash")), "no bash");
        assertTrue(Attacher.resolveBinary("bash").getFileName().toString().equals("bash"));
        var libc = Attacher.resolveBinary("libc");
        assertTrue(libc.getFileName().toString().startsWith("libc.so."), libc.toString());
        assertEquals(libc, Attacher.resolveBinary("c"));
    }

    @Test
    void anUnknownBinaryIsATypedError() {
        assertThrows(AttachTargetNotFoundException.class, () -> Attacher.resolveBinary("jtracec-no-such-binary"));
        assertThrows(AttachTargetNotFoundException.class, () -> Attacher.resolveBinary("/nonexistent/bin"));
    }
}

package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** usdt probes from the .note.stapsdt notes of a C program built here with <sys/sdt.h>. */
class UsdtTest {
    private static Path build() throws IOException, InterruptedException {
        KernelRequirement.require();
        Path gcc = KernelRequirement.requireTool("gcc", KernelRequirement.pathAnd());
        if (!Files.exists(Path.of("/usr/include/x86_64-linux-gnu/sys/sdt.h")) && !Files.exists(Path.of("/usr/include/sys/sdt.h"))) {
            KernelRequirement.requireTool("sys/sdt.h", java.util.List.of(Path.of("/usr/include")));
        }
        Path binary = Path.of("target", "usdt-ticker").toAbsolutePath();
        var process = new ProcessBuilder(gcc.toString(), "-O2", "-o", binary.toString(), "src/test/resources/usdt/ticker.c")
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, process.exitValue(), "gcc failed:\n" + log);
        return binary;
    }

    @Test
    void probesAreListedByProviderAndName() throws Exception {
        Path ticker = build();
        var result = Jtracec.run("-l", "usdt:%s:*".formatted(ticker));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("usdt:%1$s:app:armed\nusdt:%1$s:app:tick\n".formatted(ticker), result.out());
    }

    @Test
    void everyFiringIsCountedAndSemaphoresAreRaisedWhileAttached() throws Exception {
        Path ticker = build();
        // app:armed fires only while its semaphore is non-zero: the kernel raises it for our uprobe
        var result = Jtracec.run("-e", "usdt:%1$s:app:armed { @armed = count(); } usdt:%1$s:tick { @ticks = count(); }".formatted(ticker),
                "-c", ticker + " 6");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Attaching 2 probes...\n\n\n@armed: 6\n@ticks: 6\n", result.out());
    }

    @Test
    void aMissingProbeIsAnErrorThatSaysHowToListThem() throws Exception {
        Path ticker = build();
        var result = Jtracec.run("-e", "usdt:%s:app:nothing { @ = count(); }".formatted(ticker), "-c", ticker + " 1");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("usdt probe app:nothing not found in " + ticker), result.err());
        assertTrue(result.err().contains("jtracec -l 'usdt:"), result.err());
    }

    @Test
    void argumentsAreRefusedUntilTheyAreReadFromTheNotes() throws Exception {
        Path ticker = build();
        var result = Jtracec.run("-e", "usdt:%s:app:tick { printf(\"%%d\\n\", arg0); }".formatted(ticker), "-c", ticker + " 1");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("error[E0501]: arg0 in a usdt probe is not supported yet"), result.err());
    }
}

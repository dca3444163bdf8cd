package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** args.c built with {@code optimisation}: constants, registers of every width, memory at base+offset and base+index*8. */
    private static Path buildArgs(String optimisation) throws IOException, InterruptedException {
        build();
        Path binary = Path.of("target", "usdt-args" + optimisation).toAbsolutePath();
        var process = new ProcessBuilder("gcc", optimisation, "-o", binary.toString(), "src/test/resources/usdt/args.c")
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, process.exitValue(), "gcc failed:\n" + log);
        return binary;
    }

    /**
     * args.expected is bpftrace 0.17's output for args.bt on the -O2 build (BINARY for its path).
     * -O2 writes operands such as 1@$-56, -1@%dl, -4@8(%rdi), -4@-12(%rsp), -8@(%rax,%rsi,8); -O0
     * reads locals at -56(%rbp): both builds print the same values.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-O2", "-O0"})
    void argumentsAreReadAsBpftraceReadsThem(String optimisation) throws Exception {
        Path binary = buildArgs(optimisation);
        String script = Files.readString(Path.of("src/test/resources/usdt/args.bt")).replace("BINARY", binary.toString());
        String expected = Files.readString(Path.of("src/test/resources/usdt/args.expected")).replace("BINARY", binary.toString());
        var result = Jtracec.run("-e", script, "-c", binary + " 3");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(expected, result.out());
    }

    @Test
    void anArgumentTheNotesDoNotListIsAnErrorAtItsUse() throws Exception {
        Path binary = buildArgs("-O2");
        String script = "usdt:%s:app:locals { printf(\"%%d\\n\", arg2); }".formatted(binary);
        var result = Jtracec.run("-e", script, "-c", binary + " 1");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("stdin:1:%d: error[E0505]: usdt probe app:locals has 2 arguments in %s: arg2 does not exist"
                .formatted(script.indexOf("arg2") + 1, binary)), result.err());
    }

    @Test
    void anOperandRelativeToTheInstructionPointerIsRefusedNotMisread() throws Exception {
        Path binary = buildArgs("-O2");
        // bpftrace 0.17 logs "deref ident is not handled yet [counter]" and prints a wrong value
        var result = Jtracec.run("-e", "usdt:%s:app:global { printf(\"%%d\\n\", arg0); }".formatted(binary), "-c", binary + " 1");
        assertEquals(ExitCode.FAILED, result.exitCode(), result.out());
        assertTrue(result.err().contains("error[E0505]: arg0 of usdt probe app:global (-4@counter(%rip)) cannot be read"), result.err());
    }

    /** gcc -O2 writes "-8@%rax -4@$1" at one site and "-8@%rdx -4@%eax" at the other: a program per site, as bpftrace's locations. */
    @Test
    void sitesOfOneProbeThatPlaceArgumentsDifferentlyAreEachReadTheirWay() throws Exception {
        build();
        Path binary = Path.of("target", "usdt-inlined").toAbsolutePath();
        var gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), "src/test/resources/usdt/inlined.c").redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), "gcc failed:\n" + log);
        var result = Jtracec.run("-e", "usdt:%s:app:inlined { printf(\"%%d %%d %%s\\n\", arg0, arg1, probe); }".formatted(binary), "-c", binary + " 5");
        assertEquals(0, result.exitCode(), result.err());
        // bpftrace 0.17 on the same binary
        assertEquals("Attaching 2 probes...\n5 1 usdt:%1$s:app:inlined\n16 5 usdt:%1$s:app:inlined\n\n\n".formatted(binary), result.out());
    }
}

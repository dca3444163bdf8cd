package jtracec.loader.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import jtracec.loader.KernelRequirement;
import org.junit.jupiter.api.Test;

/** The kprobe_multi probe answers what the kernel's configuration says: links need CONFIG_FPROBE. */
class KprobeMultiFeatureProbeTest {
    @Test
    void theKprobeMultiProbeFindsLinksExactlyWhenTheKernelIsBuiltWithFprobe() throws IOException {
        KernelRequirement.requireBpf();
        var config = Path.of("/proc/config.gz");
        KernelRequirement.require(Files.isReadable(config), "/proc/config.gz tells how the kernel is built (CONFIG_IKCONFIG_PROC)");
        String text;
        try (var in = new GZIPInputStream(Files.newInputStream(config))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean isBuiltWithFprobe = text.lines().anyMatch(line -> line.equals("CONFIG_FPROBE=y"));
        assertEquals(isBuiltWithFprobe, new FeatureProbe().kprobeMultiLink(),
                "CONFIG_FPROBE=y is " + isBuiltWithFprobe + " in " + config);
    }
}

package jtracec.spec.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Helper names and numbers against the system's include/linux/bpf.h, the kernel's own list. */
class HelperIdTest {
    private static final Path HEADER = Path.of("/usr/include/linux/bpf.h");
    private static final Pattern FN = Pattern.compile("FN\\(\\s*(\\w+)\\s*(?:,\\s*(\\d+))?");

    /** __BPF_FUNC_MAPPER: {@code FN(name, id, ...)} in newer headers, {@code FN(name)} numbered in order (from unspec = 0) in older ones. */
    static Map<Integer, String> kernelHelpers() throws IOException {
        List<String> lines = Files.readAllLines(HEADER);
        Map<Integer, String> helpers = new HashMap<>();
        boolean isInside = false;
        int next = 0;
        for (String line : lines) {
            if (line.startsWith("#define __BPF_FUNC_MAPPER(")) {
                isInside = true;
                continue;
            }
            if (!isInside) continue;
            Matcher fn = FN.matcher(line);
            if (fn.find()) {
                int id = fn.group(2) != null ? Integer.parseInt(fn.group(2)) : next;
                helpers.put(id, "bpf_" + fn.group(1));
                next = id + 1;
            }
            if (!line.strip().endsWith("\\")) break;
        }
        return helpers;
    }

    @Test
    void everyHelperHasTheKernelsNameAndNumber() throws IOException {
        assumeTrue(Files.exists(HEADER), "no /usr/include/linux/bpf.h on this machine");
        Map<Integer, String> kernel = kernelHelpers();
        assertTrue(kernel.size() > 100, "parsed only " + kernel.size() + " helpers from bpf.h");
        for (HelperId helper : HelperId.values()) {
            assertEquals(kernel.get(helper.number()), helper.kernelName(), "helper #" + helper.number());
        }
    }

    @Test
    void everyHelperHasAPrototype() {
        for (HelperId helper : HelperId.values()) {
            assertEquals(helper, Helpers.proto(helper).id());
            assertTrue(Helpers.proto(helper).args().size() <= 5);
        }
        assertEquals(HelperId.values().length, Helpers.all().size());
    }
}

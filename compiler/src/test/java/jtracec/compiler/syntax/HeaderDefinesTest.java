package jtracec.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integer #defines taken from headers on the include path, as bpftrace's clang pass makes them visible. */
class HeaderDefinesTest {
    @TempDir
    Path include;

    private HeaderDefines headers() throws IOException {
        Files.createDirectories(include.resolve("sys"));
        Files.createDirectories(include.resolve("bits"));
        Files.writeString(include.resolve("sys/socket.h"), """
                #ifndef _SYS_SOCKET_H
                #define _SYS_SOCKET_H 1
                #include <bits/socket.h>
                #define SHUT_RD 0 /* no more receptions */
                #define pf_family(x) ((x) + 1)
                #define GREETING "hello"
                #endif
                """);
        Files.writeString(include.resolve("bits/socket.h"), """
                #define PF_INET\t\t2\t/* IP protocol family.  */
                #define AF_INET\t\tPF_INET
                #define MSG_FLAG (0x10U)
                #define NEGATIVE (-1)
                #ifdef __x86_64__
                # define WORD 64
                #else
                # define WORD 32
                #endif
                #define DANGLING NOT_DEFINED_ANYWHERE
                """);
        return new HeaderDefines(List.of(include));
    }

    @Test
    void integersAndNamesForThemAreTakenThroughNestedIncludes() throws IOException {
        Map<String, String> defines = headers().defines(include.resolve("sys/socket.h"));
        assertEquals("2", defines.get("AF_INET"));
        assertEquals("2", defines.get("PF_INET"));
        assertEquals("16", defines.get("MSG_FLAG"));
        assertEquals("-1", defines.get("NEGATIVE"));
        assertEquals("0", defines.get("SHUT_RD"));
    }

    @Test
    void functionLikeStringAmbiguousAndDanglingDefinesAreLeftOut() throws IOException {
        Map<String, String> defines = headers().defines(include.resolve("sys/socket.h"));
        for (String name : List.of("pf_family", "GREETING", "WORD", "DANGLING")) assertFalse(defines.containsKey(name), name);
    }

    @Test
    void anIncludedHeadersConstantsExpandInTheScriptUnlessTheScriptDefinesThem() throws IOException {
        var script = new SourceFile("t.bt", "#define SHUT_RD 7\n#include <sys/socket.h>\nBEGIN { @x = AF_INET; }\n");
        var preprocessed = new Preprocessor(Set.of(), headers()).preprocess(script, new Diagnostics());
        assertTrue(preprocessed.includes().get(0).isFound());
        var macros = preprocessed.macros();
        assertTrue(macros.stream().anyMatch(m -> m.name().equals("AF_INET") && m.body().equals("2")));
        assertTrue(macros.stream().anyMatch(m -> m.name().equals("SHUT_RD") && m.body().equals("7")));
        assertFalse(macros.stream().anyMatch(m -> m.name().equals("SHUT_RD") && m.body().equals("0")));
    }

    @Test
    void aHeaderNotOnThePathIsRecordedAsNotFound() throws IOException {
        var script = new SourceFile("t.bt", "#include <linux/sched.h>\nBEGIN { exit(); }\n");
        var preprocessed = new Preprocessor(Set.of(), headers()).preprocess(script, new Diagnostics());
        assertFalse(preprocessed.includes().get(0).isFound());
    }
}

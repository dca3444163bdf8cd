package jtracec.compiler.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object-like integer {@code #define}s of a C header and of the headers it includes, as found
 * on the include path, so a script that includes {@code <sys/socket.h>} may name {@code AF_INET}
 * as bpftrace's clang pass lets it. Only constants are taken ({@code 2}, {@code 0x10U},
 * {@code (-1)}) and names that stand for one ({@code AF_INET} for {@code PF_INET}); conditionals in
 * headers are not evaluated, so a name defined to different values in different branches is left
 * out rather than guessed.
 */
final class HeaderDefines {
    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"].*$");
    private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_][A-Za-z0-9_]*)(?!\\()\\s*(.*)$");
    private static final Pattern INTEGER = Pattern.compile("^\\(?\\s*(-?\\s*(?:0[xX][0-9a-fA-F]+|[0-9]+))[uUlL]*\\s*\\)?$");
    private static final Pattern NAME = Pattern.compile("^\\(?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)?$");
    private static final int MAX_HEADERS = 400;

    private final List<Path> includePath;

    HeaderDefines(List<Path> includePath) {
        this.includePath = List.copyOf(includePath);
    }

    /**
     * The include path a system header is searched on, as gcc's on x86-64 Debian with the running
     * kernel's build tree first: kernel-internal headers exist only there, where installed.
     */
    static HeaderDefines system() {
        String release = System.getProperty("os.version", "");
        Path build = Path.of("/lib/modules", release, "build");
        return new HeaderDefines(List.of(build.resolve("include"), build.resolve("arch/x86/include"),
                build.resolve("include/uapi"), build.resolve("arch/x86/include/uapi"), build.resolve("arch/x86/include/generated"),
                Path.of("/usr/local/include"), Path.of("/usr/include/x86_64-linux-gnu"), Path.of("/usr/include")));
    }

    /** Where a header is on the include path, if anywhere. */
    Optional<Path> find(String header) {
        return includePath.stream().map(dir -> dir.resolve(header)).filter(Files::isRegularFile).findFirst();
    }

    /** Each integer macro of {@code header} and the headers it includes, by name, as its decimal value. */
    Map<String, String> defines(Path header) {
        var raw = new HashMap<String, String>();
        var ambiguous = new HashSet<String>();
        scan(header, raw, ambiguous, new HashSet<>());
        ambiguous.forEach(raw::remove);
        var values = new LinkedHashMap<String, String>();
        for (String name : raw.keySet()) value(name, raw, 0).ifPresent(v -> values.put(name, Long.toString(v)));
        return values;
    }

    private void scan(Path header, Map<String, String> raw, Set<String> ambiguous, Set<Path> seen) {
        if (seen.size() >= MAX_HEADERS || !seen.add(header.normalize())) return;
        String text;
        try {
            text = Files.readString(header, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return;
        }
        text = text.replaceAll("(?s)/\\*.*?\\*/", " ").replace("\\\n", " ");
        for (String line : text.split("\n")) {
            Matcher include = INCLUDE.matcher(line);
            if (include.matches()) {
                Path next = header.resolveSibling(include.group(1));
                Optional<Path> found = Files.isRegularFile(next) && line.contains("\"") ? Optional.of(next) : find(include.group(1));
                found.ifPresent(path -> scan(path, raw, ambiguous, seen));
                continue;
            }
            Matcher define = DEFINE.matcher(line);
            if (!define.matches()) continue;
            String body = define.group(2).replaceAll("//.*", "").trim();
            if (!INTEGER.matcher(body).matches() && !NAME.matcher(body).matches()) continue;
            String previous = raw.putIfAbsent(define.group(1), body);
            if (previous != null && !previous.equals(body)) ambiguous.add(define.group(1));
        }
    }

    private static Optional<Long> value(String name, Map<String, String> raw, int depth) {
        String body = raw.get(name);
        if (body == null || depth > 16) return Optional.empty();
        Matcher integer = INTEGER.matcher(body);
        if (integer.matches()) {
            try {
                return Optional.of(Long.decode(integer.group(1).replaceAll("\\s+", "")));
            } catch (NumberFormatException e) {
                return Optional.empty();  // beyond 64 bits signed; not one a script compares with
            }
        }
        Matcher alias = NAME.matcher(body);
        return alias.matches() ? value(alias.group(1), raw, depth + 1) : Optional.empty();
    }
}

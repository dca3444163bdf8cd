package jtracec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jtracec.loader.AttachTargetNotFoundException;
import jtracec.loader.attach.Attacher;
import jtracec.loader.symbols.ElfFile;
import jtracec.loader.symbols.FunctionPattern;
import jtracec.spec.object.Wildcard;

/**
 * {@code jtracec -l 'uprobe:BINARY:PATTERN'}: the functions of one binary or library a uprobe can
 * attach to, matched by symbol or demangled name ({@code app::server::*}), printed by symbol and
 * sorted, as bpftrace 0.17 lists them; {@code -l 'usdt:BINARY:PATTERN'}: its USDT probes as
 * {@code usdt:BINARY:provider:name}.
 */
final class UserProbeListing {
    private UserProbeListing() {}

    /** The search's provider, binary and pattern when it names uprobes of one binary. */
    record Search(String provider, String binary, String pattern) {
        static Optional<Search> parse(String search) {
            int first = search.indexOf(':');
            if (first < 0) return Optional.empty();
            String provider = switch (search.substring(0, first)) {
                case "uprobe", "u" -> "uprobe";
                case "uretprobe", "ur" -> "uretprobe";
                case "usdt", "U" -> "usdt";
                default -> "";
            };
            int second = search.indexOf(':', first + 1);
            if (provider.isEmpty() || second < 0) return Optional.empty();
            String pattern = search.substring(second + 1);
            if (pattern.length() >= 2 && pattern.startsWith("\"") && pattern.endsWith("\"")) pattern = pattern.substring(1, pattern.length() - 1);
            return Optional.of(new Search(provider, search.substring(first + 1, second), pattern.isEmpty() ? "*" : pattern));
        }
    }

    static int print(Search search, PrintStream out, DiagnosticReporter reporter) {
        Path binary;
        ElfFile elf;
        try {
            binary = Attacher.resolveBinary(search.binary());
            elf = ElfFile.read(binary);
        } catch (AttachTargetNotFoundException e) {
            reporter.failure(e.getMessage(), e.help());
            return ExitCode.FAILED;
        } catch (IOException e) {
            reporter.failure("cannot read %s: %s".formatted(search.binary(), e.getMessage()), "uprobes need a 64-bit ELF executable or library");
            return ExitCode.FAILED;
        }
        if (search.provider().equals("usdt")) {
            // the pattern covers "provider:name"; a pattern without a colon is the name of any provider
            var wildcard = new Wildcard(search.pattern().contains(":") ? search.pattern() : "*:" + search.pattern());
            elf.usdtProbes().stream().map(probe -> probe.provider() + ":" + probe.name()).filter(wildcard::matches).sorted().distinct()
                    .forEach(probe -> out.println("usdt:" + binary + ":" + probe));
            return ExitCode.OK;
        }
        var pattern = new FunctionPattern(search.pattern());
        List<String> names = elf.functions().stream().map(ElfFile.Symbol::name).filter(pattern::matches).sorted().distinct().toList();
        for (String name : names) out.println(search.provider() + ":" + binary + ":" + name);
        return ExitCode.OK;
    }
}

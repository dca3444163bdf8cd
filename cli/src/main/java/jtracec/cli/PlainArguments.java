package jtracec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The common command lines ({@code -e 'program'}, {@code FILE ARG...}, the usual flags each given once
 * and spelled apart) read without picocli: picocli's classes predate Java 6, so no class-data cache
 * can hold them, and loading and verifying them is the largest single cost of start-up after the JVM
 * (issue 8). Anything else (help, version, -l, unknown or repeated options, attached values such as
 * {@code -qv} or {@code --format=json}, a value that looks like an option) is left to picocli, which
 * then parses the whole command line as before; PlainArgumentsTest holds the two to the same
 * result.
 */
final class PlainArguments {
    private PlainArguments() {}

    private static final Map<String, BiConsumer<Main, String>> VALUED = Map.ofEntries(
            Map.entry("-e", (main, value) -> main.program = Optional.of(value)),
            Map.entry("-f", (main, value) -> main.format = value),
            Map.entry("--format", (main, value) -> main.format = value),
            Map.entry("-d", (main, value) -> main.dumpStages.add(value)),
            Map.entry("--emit-elf", (main, value) -> main.emitElf = Optional.of(Path.of(value))),
            Map.entry("--target", (main, value) -> main.target = Optional.of(Path.of(value))),
            Map.entry("-o", (main, value) -> main.outputFile = Optional.of(Path.of(value))),
            Map.entry("-B", (main, value) -> main.buffering = value),
            Map.entry("-p", (main, value) -> main.pid = Optional.of(Integer.parseInt(value))),
            Map.entry("-c", (main, value) -> main.command = Optional.of(value)));

    private static final Map<String, BiConsumer<Main, String>> FLAGS = Map.of(
            "--verify", (main, unused) -> main.verifyOnly = true,
            "--explain", (main, unused) -> main.explain = true,
            "-q", (main, unused) -> main.quiet = true,
            "-v", (main, unused) -> main.verbose = true,
            "--unsafe", (main, unused) -> main.unsafe = true,
            "--no-warnings", (main, unused) -> main.noWarnings = true);

    /**
     * Sets {@code main}'s options from {@code args} and returns true, or returns false when the command
     * line is not one of the plain forms; {@code main} may then be half-set and is to be dropped.
     */
    static boolean parse(String[] args, Main main) {
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) break;  // the first positional ends the options
            if (!seen.add(arg) && !arg.equals("-d")) return false;
            if (FLAGS.containsKey(arg)) {
                FLAGS.get(arg).accept(main, "");
            } else if (VALUED.containsKey(arg)) {
                if (i + 1 == args.length || looksLikeAnOption(args[i + 1])) return false;
                if (arg.equals("-p") && !args[i + 1].matches("[0-9]{1,9}")) return false;
                VALUED.get(arg).accept(main, args[++i]);
            } else {
                return false;
            }
        }
        main.positionals = new ArrayList<>(List.of(args).subList(i, args.length));
        return true;
    }

    private static boolean looksLikeAnOption(String arg) {
        return arg.startsWith("-") && !arg.equals("-");
    }
}

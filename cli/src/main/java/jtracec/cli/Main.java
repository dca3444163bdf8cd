package jtracec.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code jtracec} command: bpftrace's command line, plus {@code --verify} for CI gates.
 * Parses options and hands an {@link Invocation} to {@link Pipeline}; nothing else.
 */
@Command(name = "jtracec", sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = Version.class,
        description = "Compile a bpftrace script, prove it safe, load it and print what it collects.",
        customSynopsis = {
                "jtracec [options] FILE [ARG...]",
                "jtracec [options] - <stdin input>",
                "jtracec [options] -e 'program' [ARG...]",
                "jtracec --verify [--target SNAPSHOT] FILE|-e 'program'"
        })
public final class Main implements Callable<Integer> {
    @Option(names = "-e", paramLabel = "'program'", description = "execute this program")
    Optional<String> program = Optional.empty();

    @Parameters(paramLabel = "FILE [ARG...]", description = "script file ('-' for standard input), then positional parameters")
    List<String> positionals = new ArrayList<>();

    @Option(names = "--verify", description = "compile and prove the program safe without loading it; exit 0 only if every obligation is proven")
    boolean verifyOnly;

    @Option(names = "--explain", description = "with --verify: print the bytecode with what was proven at each instruction")
    boolean explain;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "output format: text, json (with --verify also sarif)")
    String format = "text";

    @Option(names = "-d", paramLabel = "STAGE", description = "dry run: print a stage (ast, ir, asm) and exit")
    List<String> dumpStages = new ArrayList<>();

    @Option(names = "--emit-elf", paramLabel = "FILE", description = "dry run: write the programs as a libbpf-loadable ELF object")
    Optional<Path> emitElf = Optional.empty();

    @Option(names = "--target", paramLabel = "SNAPSHOT", description = "compile and verify against a kernel snapshot instead of this kernel")
    Optional<Path> target = Optional.empty();

    @Option(names = "--snapshot-target", paramLabel = "FILE", description = "record this kernel's facts for offline --verify --target")
    Optional<Path> snapshotTarget = Optional.empty();

    @Option(names = "-o", paramLabel = "file", description = "redirect output to file")
    Optional<Path> outputFile = Optional.empty();

    @Option(names = "-B", paramLabel = "MODE", description = "output buffering of -o FILE ('full', 'none', 'line')")
    String buffering = "line";

    @Option(names = "-q", description = "keep messages quiet")
    boolean quiet;

    @Option(names = "-v", description = "verbose messages")
    boolean verbose;

    @Option(names = "--unsafe", description = "allow unsafe builtin functions (system, signal, override, ...)")
    boolean unsafe;

    @Option(names = "--no-warnings", description = "disable all warning messages")
    boolean noWarnings;

    @Option(names = "-l", arity = "0..1", paramLabel = "search", description = "list probes matching a glob (with -v: their arguments)")
    Optional<String> list = Optional.empty();

    @Option(names = "-p", paramLabel = "PID", description = "enable uprobes on this process only; exit when it exits")
    Optional<Integer> pid = Optional.empty();

    @Option(names = "-c", paramLabel = "'CMD'", description = "run CMD once the probes are attached, uprobes on it only; exit when it exits")
    Optional<String> command = Optional.empty();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the jtracec version")
    boolean version;

    private final PrintStream out;
    private final PrintStream err;
    private final StartupTimes times;
    private final Map<String, String> environment;

    Main(PrintStream out, PrintStream err, StartupTimes times) {
        this(out, err, times, System.getenv());
    }

    /** {@code environment}: where the BPFTRACE_* variables are read (the process's, or a test's). */
    Main(PrintStream out, PrintStream err, StartupTimes times, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.times = times;
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** bpftrace spells "-l -v" as "-lv"; -l takes an optional search, so split it before parsing. */
    private static String[] splitListVerbose(String[] args) {
        List<String> split = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("-lv") || arg.equals("-vl")) {
                split.add("-l");
                split.add("-v");
            } else {
                split.add(arg);
            }
        }
        return split.toArray(String[]::new);
    }

    /** Runs the command as {@code main} would, returning the exit code (tests call this). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the BPFTRACE_* variables read from {@code environment}. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        var times = StartupTimes.from(environment, err);
        times.mark("main");
        var plain = new Main(out, err, times, environment);
        if (PlainArguments.parse(args, plain)) {
            try {
                return plain.call();
            } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
                return internalError(e, err);
            }
        }
        var cli = new CommandLine(new Main(out, err, times, environment))
                .setStopAtPositional(true)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("jtracec: " + e.getMessage());
                    err.println("try 'jtracec --help'");
                    return ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> internalError(e, err));
        try {
            return cli.execute(splitListVerbose(args));
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            // picocli hands only exceptions to the handler above; anything else still must not reach
            // the user as a stack trace
            return internalError(e, err);
        }
    }

    private static int internalError(Throwable e, PrintStream err) {
        err.println("jtracec: internal error: " + e);
        err.println("help: this is a bug in jtracec; please report it with the script and the command line");
        return ExitCode.INTERNAL;
    }

    @Override
    public Integer call() {
        if (!List.of("text", "json", "sarif").contains(format) || (format.equals("sarif") && !verifyOnly)) {
            err.println("jtracec: unknown output format '%s': use text or json (sarif only with --verify)".formatted(format));
            return ExitCode.USAGE;
        }
        if (!List.of("full", "none", "line").contains(buffering)) {
            err.println("jtracec: unknown buffering mode '%s': use full, none or line".formatted(buffering));
            return ExitCode.USAGE;
        }
        if (pid.isPresent() && command.isPresent()) {
            err.println("jtracec: cannot use both -c and -p");
            err.println("try 'jtracec --help'");
            return ExitCode.USAGE;
        }
        // bpftrace reads its environment once the options are known, and a bad value ends the run
        BpftraceEnvironment settings;
        try {
            settings = BpftraceEnvironment.read(environment);
        } catch (BpftraceEnvironment.InvalidException e) {
            err.println("jtracec: error: " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (list.isPresent()) {
            // "-l -v PATTERN" (from "-lv PATTERN"): the search arrives as a positional
            String search = list.get().isEmpty() && !positionals.isEmpty() ? positionals.get(0) : list.get();
            return new Pipeline(invocation(Optional.empty(), settings), out, err, StartupTimes.silent()).list(search);
        }
        if (snapshotTarget.isPresent() && program.isEmpty() && positionals.isEmpty()) {
            return new Pipeline(invocation(Optional.empty(), settings), out, err, StartupTimes.silent()).snapshotOnly();
        }
        Optional<ScriptInput> input = scriptInput();
        if (input.isEmpty()) {
            err.println("jtracec: no program given: use -e 'program', a FILE, or - for standard input");
            err.println("try 'jtracec --help'");
            return ExitCode.USAGE;
        }
        return new Pipeline(invocation(input, settings), out, err, times).run();
    }

    private Optional<ScriptInput> scriptInput() {
        if (program.isPresent()) return Optional.of(new ScriptInput.Inline(program.get()));
        if (positionals.isEmpty()) return Optional.empty();
        String first = positionals.get(0);
        return Optional.of(first.equals("-") ? new ScriptInput.Stdin(System.in) : new ScriptInput.File(Path.of(first)));
    }

    private Invocation invocation(Optional<ScriptInput> input, BpftraceEnvironment settings) {
        List<String> params = program.isPresent() || positionals.isEmpty() ? positionals : positionals.subList(1, positionals.size());
        return new Invocation(input, params, verifyOnly, explain, format, dumpStages, emitElf, target, snapshotTarget,
                outputFile, buffering, quiet, verbose, unsafe, noWarnings, pid, command, settings);
    }
}

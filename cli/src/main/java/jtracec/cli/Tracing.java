package jtracec.cli;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.loader.Loader;
import jtracec.loader.LoaderException;
import jtracec.loader.ProgramRejectedException;
import jtracec.loader.SessionOutput;
import jtracec.loader.TraceSession;
import jtracec.loader.TracedProcess;
import jtracec.loader.print.OutputFormat;
import jtracec.loader.target.LiveTarget;
import jtracec.verifier.VerifiedObject;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Loads a verified object into this kernel and traces until exit(), Ctrl-C or SIGTERM, as bpftrace
 * does: SIGINT/SIGTERM end the run (maps printed, probes detached), SIGUSR1 prints the maps.
 * Every kernel object is released by the session's close, whatever happens.
 */
final class Tracing {
    private final Invocation invocation;
    private final PrintStream out;
    private final DiagnosticReporter reporter;
    private final StartupTimes times;

    Tracing(Invocation invocation, PrintStream out, DiagnosticReporter reporter, StartupTimes times) {
        this.invocation = invocation;
        this.out = out;
        this.reporter = reporter;
        this.times = times;
    }

    /** {@code started}: the -c command, when the pipeline started it already (stopped) to compile cpid. */
    int run(VerifiedObject verified, LiveTarget target, Optional<TracedProcess.Child> started) {
        Optional<PrintStream> file = openOutputFile();
        if (invocation.outputFile().isPresent() && file.isEmpty()) return ExitCode.FAILED;
        PrintStream traceOut = file.orElse(out);
        var output = new SessionOutput(traceOut, invocation.format().equals("json") ? OutputFormat.JSON : OutputFormat.TEXT,
                invocation.isQuiet() ? SessionOutput.Verbosity.QUIET : SessionOutput.Verbosity.NORMAL, reporter.err());
        try (TraceSession session = new Loader(target, invocation.environment().loader()).load(verified, output)) {
            times.mark("maps and programs loaded");
            session.whenAttached(() -> times.mark("attached"));
            List<Restorer> handlers = new ArrayList<>();
            try {
                handlers.add(handle("INT", signal -> session.requestStop()));
                handlers.add(handle("TERM", signal -> session.requestStop()));
                handlers.add(handle("USR1", signal -> session.requestPrintMaps()));
                Optional<TracedProcess> process = started.<TracedProcess>map(command -> command).or(this::tracedProcess);
                session.run(Optional.empty(), process);
                // bpftrace -v reports how its child ended, after the maps
                if (invocation.isVerbose()) process.ifPresent(traced -> {
                    if (traced instanceof TracedProcess.Child child && !child.isAlive()) traceOut.println("Child exited with code: " + child.exitCode());
                });
            } finally {
                handlers.forEach(Restorer::restore);
            }
            return ExitCode.OK;
        } catch (ProgramRejectedException e) {
            reporter.failure(e.getMessage(), e.help());
            if (invocation.isVerbose()) out.println(e.verifierLog());
            return ExitCode.FAILED;
        } catch (LoaderException e) {
            reporter.failure(e.getMessage(), e.help());
            return ExitCode.FAILED;
        } finally {
            file.ifPresent(PrintStream::close);
        }
    }

    /** -p names a running process; -c starts the command, stopped until the probes are attached. */
    private Optional<TracedProcess> tracedProcess() {
        if (invocation.pid().isPresent()) return Optional.of(new TracedProcess.Existing(invocation.pid().get()));
        return invocation.command().map(TracedProcess.Child::start);
    }

    private Optional<PrintStream> openOutputFile() {
        if (invocation.outputFile().isEmpty()) return Optional.empty();
        try {
            boolean isAutoFlush = !invocation.buffering().equals("full");
            return Optional.of(new PrintStream(new FileOutputStream(invocation.outputFile().get().toFile()), isAutoFlush,
                    StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            reporter.failure("cannot write %s: %s".formatted(invocation.outputFile().get(), e.getMessage()), "");
            return Optional.empty();
        }
    }

    /** Puts back the handler a signal had before the run. */
    private record Restorer(Signal signal, SignalHandler previous) {
        void restore() {
            Signal.handle(signal, previous);
        }
    }

    private static Restorer handle(String name, SignalHandler handler) {
        Signal signal = new Signal(name);
        return new Restorer(signal, Signal.handle(signal, handler));
    }
}

package jtracec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything one run of jtracec was asked to do, after option parsing, with the BPFTRACE_* variables it runs under. */
record Invocation(Optional<ScriptInput> script, List<String> positionalParams, boolean isVerifyOnly, boolean isExplain,
                  String format, List<String> dumpStages, Optional<Path> emitElf, Optional<Path> target,
                  Optional<Path> snapshotTarget, Optional<Path> outputFile, String buffering, boolean isQuiet,
                  boolean isVerbose, boolean isUnsafe, boolean isNoWarnings, Optional<Integer> pid, Optional<String> command,
                  BpftraceEnvironment environment) {
    Invocation {
        positionalParams = List.copyOf(positionalParams);
        dumpStages = List.copyOf(dumpStages);
    }

    boolean isDryRun() {
        return !dumpStages.isEmpty() || emitElf.isPresent();
    }
}

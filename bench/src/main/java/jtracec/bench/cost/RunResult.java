package jtracec.bench.cost;

import java.util.List;

/** What one run of one tool on one script gave. */
public sealed interface RunResult {
    /** One BPF program the tool held while the workload ran. */
    record Program(int id, String name, long xlatedInsns, long jitedBytes, long verifiedInsns, long runTimeNs, long runCount) {}

    record Measured(List<Program> programs, double startupMillis, long peakRssKib, List<String> warnings) implements RunResult {
        public Measured {
            programs = List.copyOf(programs);
            warnings = List.copyOf(warnings);
        }

        public long xlatedInsns() {
            return programs.stream().mapToLong(Program::xlatedInsns).sum();
        }

        public long jitedBytes() {
            return programs.stream().mapToLong(Program::jitedBytes).sum();
        }

        public long verifiedInsns() {
            return programs.stream().mapToLong(Program::verifiedInsns).sum();
        }

        public long runCount() {
            return programs.stream().mapToLong(Program::runCount).sum();
        }

        /** Kernel run time per program run over all programs; NaN when no program ran. */
        public double nanosPerEvent() {
            long count = runCount();
            return count == 0 ? Double.NaN : (double) programs.stream().mapToLong(Program::runTimeNs).sum() / count;
        }
    }

    /** The tool did not reach the attached state or died: why, with the tail of its error output. */
    record Failed(String reason) implements RunResult {}
}

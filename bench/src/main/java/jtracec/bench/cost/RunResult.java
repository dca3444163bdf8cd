package jtracec.bench.cost;

import java.util.List;

/** What one run of one tool on one script gave. */
public sealed interface RunResult {
    /** One BPF program the tool held while the workload ran. */
    record Program(int id, String name, long xlatedInsns, long jitedBytes, long verifiedInsns, long runTimeNs, long runCount) {
        /**
         * BEGIN or END, which both tools name so: run once by the tool itself, not per event. bpftrace 0.17
         * has closed its BEGIN program (and not loaded END) by the time the report looks, jtracec keeps both.
         */
        public boolean isBeginOrEnd() {
            return name.equals("BEGIN") || name.equals("END");
        }
    }

    record Measured(List<Program> programs, double startupMillis, long peakRssKib, List<String> warnings) implements RunResult {
        public Measured {
            programs = List.copyOf(programs);
            warnings = List.copyOf(warnings);
        }

        public long xlatedInsns() {
            return programs.stream().mapToLong(Program::xlatedInsns).sum();
        }

        /** Instructions of the programs that run on events, BEGIN and END left out. */
        public long eventInsns() {
            return eventPrograms().mapToLong(Program::xlatedInsns).sum();
        }

        public long jitedBytes() {
            return programs.stream().mapToLong(Program::jitedBytes).sum();
        }

        public long verifiedInsns() {
            return programs.stream().mapToLong(Program::verifiedInsns).sum();
        }

        /** Runs of the event programs (a BEGIN or END run through BPF_PROG_TEST_RUN counts too, so they are left out). */
        public long runCount() {
            return eventPrograms().mapToLong(Program::runCount).sum();
        }

        /** Kernel run time per run of the event programs; NaN when none ran. */
        public double nanosPerEvent() {
            long count = runCount();
            return count == 0 ? Double.NaN : (double) eventPrograms().mapToLong(Program::runTimeNs).sum() / count;
        }

        private java.util.stream.Stream<Program> eventPrograms() {
            return programs.stream().filter(program -> !program.isBeginOrEnd());
        }
    }

    /** The tool did not reach the attached state or died: why, with the tail of its error output. */
    record Failed(String reason) implements RunResult {}
}

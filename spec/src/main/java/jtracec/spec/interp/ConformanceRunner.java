package jtracec.spec.interp;

import jtracec.spec.isa.Assembler.Assembly;
import jtracec.spec.isa.ConformanceCase;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.InsnValidator.Dialect;
import java.util.List;

/**
 * Runs programs the way the bpf_conformance plugins do: the initial memory is a writable region,
 * r1 points at it and r2 holds its length (uBPF's convention; the suite's mem-len test checks it).
 * Helpers are those of a {@link Machine} with no maps, so {@code call 5} is bpf_ktime_get_ns as in the kernel.
 */
public final class ConformanceRunner {
    /** Instructions one test may execute before it counts as not terminating. */
    public static final long STEP_BUDGET = 1_000_000;

    /** What a test or plugin run produced: an outcome, or why the program never ran. */
    public sealed interface Result {
        record Ran(Outcome outcome) implements Result {}

        record NotRun(String reason) implements Result {}
    }

    public Result run(ConformanceCase test) {
        return switch (test.program()) {
            case Assembly.Failed failed -> new Result.NotRun("line %d: %s".formatted(failed.line(), failed.reason()));
            case Assembly.Assembled assembled -> run(assembled.insns(), test.memory());
        };
    }

    public Result run(List<Insn> insns, byte[] memory) {
        return switch (Executable.compile(insns, Dialect.CONFORMANCE)) {
            case Executable.Compilation.Rejected rejected ->
                    new Result.NotRun("pc %d: %s".formatted(rejected.pc(), rejected.reason()));
            case Executable.Compilation.Compiled compiled -> {
                Machine machine = new Machine(List.of(), Machine.Config.defaults().withStepBudget(STEP_BUDGET));
                yield new Result.Ran(machine.runWithMemory(compiled.executable(), memory));
            }
        };
    }
}

package jtracec.bench;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jtracec.spec.helper.HelperId;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Executable;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.Outcome;
import jtracec.spec.interp.Task;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.MapSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the reference interpreter. {@code loop} reports instructions per second (each
 * invocation executes {@link #LOOP_INSNS} simple ALU and jump instructions); {@code countByPid}
 * reports runs per second of a bpftrace-style {@code @[pid] = count()} program (a helper call,
 * a hash lookup, an atomic add, and an update on first sight).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class InterpreterBenchmark {
    static final int ITERATIONS = 1000;
    /** 2 moves, 4 instructions per iteration, exit. */
    static final int LOOP_INSNS = 2 + 4 * ITERATIONS + 1;

    private Machine machine;
    private Executable loop;
    private Executable countByPid;
    private int pid;

    @Setup
    public void setUp() {
        machine = Machine.of(List.of(new MapSpec("@", MapType.HASH, 8, 8, 10_240, Optional.empty())));
        loop = Executable.of(List.of(
                Asm.mov64(0, 0L),
                Asm.mov64(1, 0L),
                Asm.alu64(ADD, 0, 1),
                Asm.alu64Imm(XOR, 0, 0x55),
                Asm.alu64Imm(ADD, 1, 1),
                Asm.jumpImm(JLT, 1, ITERATIONS, -4),
                Asm.exit()));
        List<Insn> count = new ArrayList<>();
        count.add(Asm.call(HelperId.GET_CURRENT_PID_TGID.number()));
        count.add(Asm.alu64Imm(RSH, 0, 32));
        count.add(Asm.store(DW, 10, -8, 0));           // key = pid
        count.add(Asm.storeImm(DW, 10, -16, 1));       // initial value 1
        count.addAll(Asm.loadMap(1, 0));
        count.add(Asm.mov64(2, 10));
        count.add(Asm.alu64Imm(ADD, 2, -8));
        count.add(Asm.call(HelperId.MAP_LOOKUP_ELEM.number()));
        count.add(Asm.jumpImm(JEQ, 0, 0, 4));
        count.add(Asm.mov64(1, 1L));
        count.add(new Insn(STX | ATOMIC | DW, 0, 1, 0, ATOMIC_ADD));
        count.add(Asm.mov64(0, 0L));
        count.add(Asm.exit());
        count.addAll(Asm.loadMap(1, 0));
        count.add(Asm.mov64(2, 10));
        count.add(Asm.alu64Imm(ADD, 2, -8));
        count.add(Asm.mov64(3, 10));
        count.add(Asm.alu64Imm(ADD, 3, -16));
        count.add(Asm.mov64(4, 0L));
        count.add(Asm.call(HelperId.MAP_UPDATE_ELEM.number()));
        count.add(Asm.mov64(0, 0L));
        count.add(Asm.exit());
        countByPid = Executable.of(count);
    }

    @Benchmark
    @OperationsPerInvocation(LOOP_INSNS)
    public Outcome loop() {
        return machine.runWithMemory(loop, new byte[0]);
    }

    @Benchmark
    public Outcome countByPid() {
        pid = (pid + 1) & 1023;
        return machine.run(countByPid, new Event(new byte[0], Task.of(pid, "bench", pid), List.of(), 0));
    }

    /**
     * Instructions of {@code loop} per CPU-second of this thread: on a shared machine JMH's
     * wall-clock score moves with other load, CPU time much less.
     * Run: {@code java -cp bench/target/benchmarks.jar jtracec.bench.InterpreterBenchmark}.
     */
    public static void main(String[] args) {
        var benchmark = new InterpreterBenchmark();
        benchmark.setUp();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int runs = 20_000;
        for (int round = 1; round <= 8; round++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            for (int i = 0; i < runs; i++) benchmark.loop();
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long wall = System.nanoTime() - wallStart;
            System.out.printf("round %d: %.0f M instructions per CPU-second, %.0f M per wall-clock second%n",
                    round, (double) runs * LOOP_INSNS / cpu * 1e3, (double) runs * LOOP_INSNS / wall * 1e3);
        }
    }
}

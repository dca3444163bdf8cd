package jtracec.verifier.obligation;

import jtracec.spec.helper.ArgKind;
import jtracec.spec.helper.HelperId;

/**
 * What must hold before the instruction at {@code pc} runs, on every path reaching it. Obligations
 * are generated apart from the abstract transfer function; once checked, an obligation is
 * assumed, so one fault is reported once.
 */
public sealed interface Obligation {
    int pc();

    /** {@code size} bytes at {@code offset} from {@code base} lie inside {@code region}. */
    record InBounds(int pc, int base, Region region, Access access) implements Obligation {}

    /** {@code base} is not the null a lookup or reservation may return. */
    record NotNull(int pc, int base) implements Obligation {}

    /** A register, or stack bytes, are written before they are read. */
    record Initialised(int pc, Subject subject) implements Obligation {}

    /** The {@code index}th argument (0-based, in r{@code index+1}) fits the helper's prototype. */
    record HelperArg(int pc, HelperId helper, int index, ArgKind expected) implements Obligation {}

    /** The register is used as the pointer kind the instruction needs (memory base, arithmetic, write target). */
    record PointerUse(int pc, int reg, String requirement) implements Obligation {}

    /** No pointer is stored where user space can read it (map values, ring-buffer records). */
    record NoPointerLeak(int pc, int source, String destination) implements Obligation {}

    /** Every ring-buffer reservation is submitted or discarded before the program exits. */
    record ReservationReleased(int pc) implements Obligation {}

    /** The loop closed by the back edge at {@code pc} to {@code header} runs at most {@code maxIterations} times (0 while no bound is proven). */
    record LoopBound(int pc, int header, long maxIterations) implements Obligation {}

    /**
     * The divisor register of a DIV or MOD is not zero. Advisory: BPF defines x / 0 = 0 and
     * x % 0 = x, as bpftrace 0.17's scripts do, so a refutation is a warning and is not assumed.
     */
    record DivisorNonZero(int pc, int divisor) implements Obligation {
        @Override
        public boolean isAdvisory() {
            return true;
        }
    }

    /** What an {@link Initialised} obligation is about. */
    sealed interface Subject {
        record Register(int reg) implements Subject {}
        record StackBytes(int base, Access access) implements Subject {}
    }

    /** An access of {@code size} bytes at a constant instruction offset from a register; {@code size} is a constant for loads and stores. */
    record Access(int offset, String size) {}

    /** A refutation is a warning about defined but suspicious behaviour, not a fault: the program stays loadable. */
    default boolean isAdvisory() {
        return false;
    }

    /** A short name of the obligation kind, as reports and tests spell it. */
    default String kindName() {
        return getClass().getSimpleName();
    }
}

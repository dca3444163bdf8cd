package jtracec.verifier.obligation;

import java.util.Map;
import java.util.Optional;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.source.VariableTable;
import jtracec.verifier.state.Fresh;
import jtracec.verifier.state.Origin;
import jtracec.verifier.state.Term;

/**
 * Names values as a script writes them, so counterexamples read in script terms: a register the
 * compiler's variable table says holds {@code $i} is {@code $i}; otherwise program inputs: a
 * tracepoint field is {@code args->name}, a kprobe's argument registers are {@code arg0}..{@code arg5}
 * and its return register {@code retval} (bpftrace 0.17's builtins, pt_regs on x86-64), a raw
 * tracepoint's u64 slots {@code argN}, and helper results the builtin that calls them. Registers
 * holding anything else (and every register of a program without a variable table) keep their
 * register name.
 */
public final class InputNames {
    /** Offsets in x86-64 struct pt_regs of the registers bpftrace's argN read (di, si, dx, cx, r8, r9). */
    private static final Map<Integer, String> ARGUMENTS = Map.of(112, "arg0", 104, "arg1", 96, "arg2", 88, "arg3", 72, "arg4", 64, "arg5");
    /** pt_regs->ax, bpftrace's retval in return probes. */
    private static final int RETURN_VALUE = 80;
    private static final Map<String, String> BUILTINS = Map.of("bpf_ktime_get_ns", "nsecs", "bpf_get_current_pid_tgid", "pid_tgid",
            "bpf_get_current_uid_gid", "uid_gid", "bpf_get_smp_processor_id", "cpu", "bpf_get_prandom_u32", "rand",
            "bpf_get_current_cgroup_id", "cgroup");

    private final ProgramType type;
    private final boolean isReturnProbe;
    private final Optional<TracepointFormat> format;
    private final Fresh fresh;
    private final VariableTable variables;

    public InputNames(ProgramType type, AttachPoint attach, Optional<TracepointFormat> format, Fresh fresh, VariableTable variables) {
        this.type = type;
        this.variables = variables;
        this.isReturnProbe = attach instanceof AttachPoint.Kprobe k && k.end() == AttachPoint.ProbeEnd.RETURN
                || attach instanceof AttachPoint.Uprobe u && u.end() == AttachPoint.ProbeEnd.RETURN;
        this.format = format;
        this.fresh = fresh;
    }

    /**
     * How to name the number {@code term} that register {@code reg} holds before {@code pc}: the
     * script variable the compiler keeps there, else the program input it is, else {@code rN}.
     */
    public String of(int pc, int reg, Term term) {
        return variables.inRegister(pc, reg).or(() -> of(term)).orElse("r" + reg);
    }

    /** The script's name of the input {@code term} is (possibly narrowed by a load), if it is one. */
    public Optional<String> of(Term term) {
        Term inner = term instanceof Term.Extend e ? e.operand() : term;
        if (!(inner instanceof Term.Var v)) return Optional.empty();
        return Optional.ofNullable(fresh.inputs().get(v)).flatMap(this::of);
    }

    private Optional<String> of(Origin origin) {
        return switch (origin) {
            case Origin.ContextBytes c -> context(c.offset(), c.size());
            case Origin.HelperResult h -> Optional.of(BUILTINS.getOrDefault(h.helper(), h.helper() + "()"));
        };
    }

    private Optional<String> context(int offset, int size) {
        return switch (type) {
            case TRACEPOINT -> format.flatMap(f -> f.fields().stream().filter(field -> field.offset() == offset).findFirst())
                    .map(field -> "args->" + field.name());
            case KPROBE -> size != 8 ? Optional.empty()
                    : isReturnProbe && offset == RETURN_VALUE ? Optional.of("retval") : Optional.ofNullable(ARGUMENTS.get(offset));
            case RAW_TRACEPOINT -> size == 8 && offset % 8 == 0 ? Optional.of("arg" + offset / 8) : Optional.empty();
            case PERF_EVENT, TRACING -> Optional.empty();
        };
    }
}

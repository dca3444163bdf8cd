package jtracec.verifier;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Note;
import jtracec.spec.helper.HelperId;
import jtracec.spec.isa.Disassembler;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.KernelLimits;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.Target;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.SourceSpan;
import jtracec.spec.source.VariableLocation;
import jtracec.verifier.cfg.Cfg;
import jtracec.verifier.cfg.CfgBuilder;
import jtracec.verifier.cfg.Malformation;
import jtracec.verifier.obligation.Goal;
import jtracec.verifier.obligation.InputNames;
import jtracec.verifier.obligation.Obligation;
import jtracec.verifier.obligation.ObligationGenerator;
import jtracec.verifier.obligation.Region;
import jtracec.verifier.obligation.Verdict;
import jtracec.verifier.report.PointFacts;
import jtracec.verifier.smt.ObligationChecker;
import jtracec.verifier.smt.SmtSession;
import jtracec.verifier.state.AbstractState;
import jtracec.verifier.state.ConstantKeyLookup;
import jtracec.verifier.state.Formula;
import jtracec.verifier.state.Fresh;
import jtracec.verifier.state.Join;
import jtracec.verifier.state.Transfer;
import jtracec.verifier.termination.Loop;
import jtracec.verifier.termination.LoopFinder;

/**
 * Verifies one program: builds its CFG, runs the abstract interpretation over it with loops
 * unrolled (see {@link #analyse}), and checks each instruction's obligations against the joined
 * state before it. A checked obligation that is not proved is assumed afterwards, so a fault is
 * reported once, at its first instruction.
 */
final class ProgramVerifier {
    /** struct pt_regs on x86-64: 21 registers of 8 bytes. */
    private static final int PT_REGS_SIZE = 21 * 8;
    /** struct bpf_perf_event_data: pt_regs, then sample_period and addr. */
    private static final int PERF_EVENT_CTX_SIZE = PT_REGS_SIZE + 16;
    /** raw_tp_prog_is_valid_access(): up to MAX_BPF_FUNC_ARGS u64 arguments. */
    private static final int RAW_TRACEPOINT_CTX_SIZE = 12 * 8;
    /**
     * tp_prog_is_valid_access() refuses the first 8 bytes of a tracepoint record (the common
     * fields); without the tracepoint's format nothing after them is known to exist either.
     */
    private static final int TRACEPOINT_FIRST_READABLE = 8;
    private static final Set<Integer> RINGBUF_HELPERS = Set.of(HelperId.RINGBUF_OUTPUT.number(), HelperId.RINGBUF_RESERVE.number(),
            HelperId.RINGBUF_SUBMIT.number(), HelperId.RINGBUF_DISCARD.number());

    private final BpfObject object;
    private final BpfProgram program;
    private final Target target;
    private final VerifierOptions options;
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private int processed;

    ProgramVerifier(BpfObject object, BpfProgram program, Target target, VerifierOptions options) {
        this.object = object;
        this.program = program;
        this.target = target;
        this.options = options;
    }

    ProgramReport verify() {
        long start = System.nanoTime();
        List<Insn> insns = program.insns();
        Cfg cfg = new CfgBuilder(object.maps().size(), program.type()).build(insns);
        for (Malformation m : cfg.malformations()) {
            findings.add(Finding.structural(Diagnostic.error(code(m.fault()), spanAt(m.pc()), m.message()), at(m.pc())));
        }
        checkFeatures(cfg);
        checkMaps(cfg);
        if (!cfg.isWellFormed()) {
            return new ProgramReport(program.name(), program.probe(), verdicts, findings, List.of(), false, 0, System.nanoTime() - start, 0);
        }
        var points = new ArrayList<PointFacts>();
        int queries;
        var fresh = new Fresh();
        try (var session = new SmtSession(options.queryTimeout())) {
            var checker = new ObligationChecker(session, fresh);
            analyse(cfg, fresh, checker, points);
            queries = checker.queries();
        }
        return new ProgramReport(program.name(), program.probe(), verdicts, findings, points, true, processed, System.nanoTime() - start, queries);
    }

    /** How often a back edge was followed, and why it could not be followed further if it was cut off. */
    private static final class LoopOutcome {
        int iterations = 1;
        Optional<String> unbounded = Optional.empty();
    }

    /**
     * Explores (pc, k) pairs, k the back edges taken on the way, in order of k and then reverse
     * postorder, so every state is complete before it is used: forward edges keep k and go
     * forward in reverse postorder, back edges raise k. Paths with the same k join; a back edge
     * is followed only while its state is satisfiable and k stays within the unrolling budget,
     * so a loop is bounded exactly when no path takes more back edges than the budget.
     */
    private void analyse(Cfg cfg, Fresh fresh, ObligationChecker checker, List<PointFacts> points) {
        var join = new Join(fresh);
        var transfer = new Transfer(program.insns(), fresh, target.supports(KernelFeature.CONSTANT_KEY_ARRAY_LOOKUP)
                ? ConstantKeyLookup.of(object.maps()) : ConstantKeyLookup.never());
        var generator = new ObligationGenerator(object.maps(), ctxRegion(), fresh,
                new InputNames(program.type(), program.sites().get(0).point(), tracepointFormat(program.sites().get(0).point()), fresh, program.variables()));
        int n = cfg.size();
        var rank = new int[n];
        List<Integer> order = cfg.reversePostorder();
        for (int i = 0; i < order.size(); i++) rank[order.get(i)] = i;
        var before = new HashMap<Long, AbstractState>();
        var work = new TreeSet<Long>(Comparator.comparingLong(key -> key / n * n + rank[(int) (key % n)]));
        var loops = new LinkedHashMap<Long, LoopOutcome>();
        for (Loop loop : new LoopFinder().loops(cfg)) loops.put((long) loop.latch() * n + loop.header(), new LoopOutcome());
        var reached = new boolean[n];
        before.put(0L, AbstractState.entry());
        work.add(0L);
        while (!work.isEmpty()) {
            if (++processed > KernelLimits.MAX_PROCESSED_INSNS) {
                findings.add(Finding.wholeProgram(Diagnostic.error(VerifyCode.TOO_COMPLEX, program.span(),
                        "the program needs more than %d instructions processed to verify".formatted(KernelLimits.MAX_PROCESSED_INSNS))
                        .withHelp("reduce loop trip counts or split the probe")));
                break;
            }
            long key = work.pollFirst();
            int pc = (int) (key % n), taken = (int) (key / n);
            AbstractState s = before.remove(key);
            reached[pc] = true;
            String described = s.describe();
            var here = new ArrayList<Verdict>();
            for (Goal goal : generator.at(pc, cfg.insn(pc), s)) {
                Verdict verdict = checker.check(goal, s.path());
                here.add(verdict);
                if (!(verdict instanceof Verdict.Proved)) {
                    report(goal, verdict);
                    // an advisory obligation describes defined behaviour (x / 0 = 0): assuming it would prune real paths
                    if (!goal.obligation().isAdvisory()) s = s.assume(Formula.not(goal.violation()));
                }
            }
            verdicts.addAll(here);
            String text = Disassembler.line(program.insns(), pc) + (taken > 0 ? "    [after %d back edges]".formatted(taken) : "");
            points.add(new PointFacts(pc, text, described, variablesAt(pc), here));
            for (Transfer.Edge edge : transfer.successors(pc, s)) {
                int target = edge.target();
                int k = taken;
                if (cfg.isBackEdge(pc, target)) {
                    k++;
                    LoopOutcome loop = loops.get((long) pc * n + target);
                    var feasible = checker.check(new Goal(new Obligation.LoopBound(pc, target, k), Formula.TRUE, List.of(), "", ""), edge.state().path());
                    if (feasible instanceof Verdict.Proved) continue;
                    if (feasible instanceof Verdict.Undecided u) {
                        loop.unbounded = Optional.of("whether the loop goes round again is undecided: " + u.reason());
                        continue;
                    }
                    if (k > options.maxLoopIterations()) {
                        loop.unbounded = Optional.of("no bound within %d iterations".formatted(options.maxLoopIterations()));
                        continue;
                    }
                    loop.iterations = Math.max(loop.iterations, k + 1);
                }
                long next = (long) k * n + target;
                AbstractState known = before.get(next);
                before.put(next, known == null ? edge.state() : join.join(known, edge.state(), target));
                work.add(next);
            }
        }
        for (int pc : order) {
            if (!reached[pc]) points.add(new PointFacts(pc, Disassembler.line(program.insns(), pc), "unreachable on every feasible path", "", List.of()));
        }
        points.sort(Comparator.comparingInt(PointFacts::pc));
        loops.forEach((edge, outcome) -> {
            int latch = (int) (edge / n), header = (int) (edge % n);
            if (outcome.unbounded.isPresent()) {
                var undecided = new Verdict.Undecided(new Obligation.LoopBound(latch, header, 0), outcome.unbounded.get());
                verdicts.add(undecided);
                findings.add(Finding.of(Diagnostic.error(VerifyCode.UNBOUNDED_LOOP, spanAt(latch), "loop may not terminate")
                        .withNote(Note.at(spanAt(header), "the loop starts here"))
                        .withNote("could not be proved: " + outcome.unbounded.get())
                        .withHelp("bound the loop with a constant trip count"), at(latch), undecided));
            } else {
                verdicts.add(new Verdict.Proved(new Obligation.LoopBound(latch, header, outcome.iterations)));
            }
        });
    }

    /** Reports a failed obligation once, however many unrolled copies of its instruction fail it. */
    private void report(Goal goal, Verdict verdict) {
        SourceSpan span = spanAt(goal.obligation().pc());
        var d = goal.obligation().isAdvisory()
                ? Diagnostic.warning(code(goal.obligation()), span, goal.message())
                : Diagnostic.error(code(goal.obligation()), span, goal.message());
        boolean known = findings.stream().map(Finding::diagnostic)
                .anyMatch(e -> e.code() == d.code() && e.span().equals(span) && e.message().equals(d.message()));
        if (known) return;
        var reported = switch (verdict) {
            case Verdict.Refuted r -> d.withNote(r.counterexample().render());
            case Verdict.Undecided u -> d.withNote("could not be proved: " + u.reason());
            case Verdict.Proved p -> throw new IllegalStateException("bug: reporting a proved obligation");
        };
        findings.add(Finding.of(goal.obligation() instanceof Obligation.DivisorNonZero
                ? reported.withHelp("guard the division, e.g. $y != 0 ? $x / $y : 0, if 0 is not the result you want")
                : reported, at(goal.obligation().pc()), verdict));
    }

    /** Ring buffers need kernel support; the object is rejected for this target, not the program for a mistake. */
    private void checkFeatures(Cfg cfg) {
        if (target.supports(KernelFeature.RINGBUF)) return;
        for (int pc = 0; pc < cfg.size(); pc++) {
            Insn i = cfg.insn(pc);
            if (cfg.isInstruction(pc) && i.opClass() == JMP && operation(i.opcode()) == CALL && RINGBUF_HELPERS.contains(i.imm())) {
                findings.add(Finding.structural(Diagnostic.error(VerifyCode.FEATURE_MISSING, spanAt(pc),
                        "%s has no BPF ring buffers".formatted(target.describe())).withHelp("run on Linux 5.8 or later"), at(pc)));
                return;
            }
        }
    }

    /** Every map the program refers to must be one BPF_MAP_CREATE accepts, or the object never loads (once per map). */
    private void checkMaps(Cfg cfg) {
        var reported = new java.util.HashSet<Integer>();
        for (int pc = 0; pc < cfg.size(); pc++) {
            Insn i = cfg.insn(pc);
            if (!cfg.isInstruction(pc) || !i.isWide() || i.imm() < 0 || i.imm() >= object.maps().size()) continue;
            if (i.src() != PSEUDO_MAP_FD && i.src() != PSEUDO_MAP_VALUE) continue;
            var map = object.maps().get(i.imm());
            if (i.src() == PSEUDO_MAP_VALUE) directValue(pc, map, cfg.insn(pc + 1).imm());
            if (!reported.add(i.imm())) continue;
            var fault = map.type().creationFault(map.keySize(), map.valueSize(), map.maxEntries());
            if (fault.isPresent()) {
                findings.add(Finding.structural(Diagnostic.error(VerifyCode.INVALID_MAP, spanAt(pc), "map %s cannot be created: %s".formatted(
                        map.display().map(d -> d.scriptName()).orElse(map.name()), fault.get())), at(pc)));
            }
        }
    }

    /**
     * The kernel addresses a map value directly only in a one-element array
     * (array_map_direct_value_addr(): BPF_MAP_TYPE_ARRAY, max_entries 1, offset inside the value).
     */
    private void directValue(int pc, jtracec.spec.object.MapSpec map, int offset) {
        String name = map.display().map(d -> d.scriptName()).orElse(map.name());
        Optional<String> fault = map.type() != jtracec.spec.kernel.MapType.ARRAY
                ? Optional.of("only an array map's value can be addressed directly, map %s is a %s".formatted(name, map.type().name().toLowerCase(Locale.ROOT)))
                : map.maxEntries() != 1 ? Optional.of("only a one-element array's value can be addressed directly, map %s has %d".formatted(name, map.maxEntries()))
                : offset < 0 || offset >= map.valueSize() ? Optional.of("offset %d is outside the %d-byte value of map %s".formatted(offset, map.valueSize(), name))
                : Optional.empty();
        fault.ifPresent(message -> findings.add(Finding.structural(Diagnostic.error(VerifyCode.NOT_DIRECTLY_ADDRESSABLE, spanAt(pc), message), at(pc))));
    }

    /**
     * The bytes of the context a program may read, after each program type's is_valid_access() in
     * the kernel; for a program attached at several sites, the bytes every one of their contexts has.
     */
    private Region ctxRegion() {
        int lo = program.type() == ProgramType.TRACEPOINT ? TRACEPOINT_FIRST_READABLE : 0;
        int hi = program.sites().stream().mapToInt(site -> ctxEnd(site.point(), lo)).min().orElse(lo);
        return new Region(Region.Kind.CTX, "context of " + program.type().name().toLowerCase(Locale.ROOT), lo, Math.max(lo, hi));
    }

    private int ctxEnd(AttachPoint point, int lo) {
        return switch (program.type()) {
            case KPROBE -> PT_REGS_SIZE;
            case PERF_EVENT -> PERF_EVENT_CTX_SIZE;
            case RAW_TRACEPOINT -> RAW_TRACEPOINT_CTX_SIZE;
            case TRACEPOINT -> tracepointFormat(point).map(f -> f.fields().stream().mapToInt(ProgramVerifier::end).max().orElse(lo)).orElse(lo);
            // fentry/fexit read one u64 per argument of the function's BTF signature, fexit then the return value
            // (btf_ctx_access() in kernel/bpf/btf.c); without BTF, none
            case TRACING -> point instanceof AttachPoint.Kfunc kfunc
                    ? target.kernelTypes().flatMap(types -> types.signature(kfunc.function()))
                            .map(signature -> 8 * (signature.parameters().size() + (kfunc.end() == AttachPoint.ProbeEnd.RETURN ? 1 : 0)))
                            .orElse(0)
                    : 0;
        };
    }

    private Optional<TracepointFormat> tracepointFormat(AttachPoint point) {
        return point instanceof AttachPoint.Tracepoint tp ? target.tracepoint(tp.category(), tp.name()) : Optional.empty();
    }

    private static int end(TracepointField field) {
        return field.offset() + field.size();
    }

    /** Where the script's variables are before {@code pc}, as the compiler's variable table says: {@code $i in r6, $n in fp-16}. */
    private String variablesAt(int pc) {
        return program.variables().at(pc).stream().map(VariableLocation::describe).collect(java.util.stream.Collectors.joining(", "));
    }

    private Finding.At at(int pc) {
        boolean isInside = pc >= 0 && pc < program.insns().size();
        return new Finding.At(pc, isInside ? Disassembler.line(program.insns(), pc) : "past the end of the program");
    }

    private SourceSpan spanAt(int pc) {
        SourceSpan span = pc >= 0 && pc < program.lines().size() ? program.lines().spanAt(pc) : program.span();
        return span.isKnown() ? span : program.span();
    }

    private static VerifyCode code(Obligation o) {
        return switch (o) {
            case Obligation.InBounds b -> VerifyCode.OUT_OF_BOUNDS;
            case Obligation.NotNull n -> VerifyCode.MAYBE_NULL;
            case Obligation.Initialised i -> VerifyCode.UNINITIALISED;
            case Obligation.HelperArg h -> VerifyCode.HELPER_ARGUMENT;
            case Obligation.PointerUse u -> VerifyCode.INVALID_POINTER_USE;
            case Obligation.NoPointerLeak l -> VerifyCode.POINTER_LEAK;
            case Obligation.ReservationReleased r -> VerifyCode.RESERVATION_NOT_RELEASED;
            case Obligation.LoopBound l -> VerifyCode.UNBOUNDED_LOOP;
            case Obligation.DivisorNonZero d -> VerifyCode.DIVISOR_MAY_BE_ZERO;
        };
    }

    private static VerifyCode code(Malformation.Fault fault) {
        return switch (fault) {
            case EMPTY_PROGRAM -> VerifyCode.EMPTY_PROGRAM;
            case UNKNOWN_OPCODE -> VerifyCode.UNKNOWN_OPCODE;
            case INVALID_REGISTER -> VerifyCode.INVALID_REGISTER;
            case WRITE_TO_FRAME_POINTER -> VerifyCode.WRITE_TO_FRAME_POINTER;
            case JUMP_OUT_OF_RANGE -> VerifyCode.JUMP_OUT_OF_RANGE;
            case JUMP_INTO_WIDE_LOAD -> VerifyCode.JUMP_INTO_WIDE_LOAD;
            case FALL_THROUGH_END -> VerifyCode.FALL_THROUGH_END;
            case UNREACHABLE -> VerifyCode.UNREACHABLE;
            case UNKNOWN_HELPER -> VerifyCode.UNKNOWN_HELPER;
            case HELPER_NOT_ALLOWED -> VerifyCode.HELPER_NOT_ALLOWED;
            case UNKNOWN_MAP -> VerifyCode.UNKNOWN_MAP;
            case UNSUPPORTED -> VerifyCode.UNSUPPORTED;
            case TOO_LARGE -> VerifyCode.PROGRAM_TOO_LARGE;
            case CONSTANT_DIVISION_BY_ZERO -> VerifyCode.CONSTANT_DIVISION_BY_ZERO;
            case INVALID_SHIFT -> VerifyCode.INVALID_SHIFT;
        };
    }
}

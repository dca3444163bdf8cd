package jtracec.cli.differential;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import jtracec.loader.KernelVerdicts;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.isa.Disassembler;
import jtracec.spec.isa.Insn;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.MapSpec;
import jtracec.verifier.VerificationReport;
import jtracec.verifier.Verifier;

/**
 * Asks jtracec's verifier and the kernel's about the same bytecode: first every subject as compiled,
 * then {@code mutants} distinct mutants drawn from a seeded stream, the kinds in turn. The kernel
 * loads each program against maps created once per object (afresh when the mutant changes a map)
 * and unloads it at once; every fd is closed before {@link #run} returns.
 */
final class Campaign {
    /** A disagreement worth a look: what was asked, and what the kernel said. */
    record Finding(String row, Subject subject, String change, BpfObject object, KernelVerdicts.Rejection rejection) {}

    /** Also a bug: our verifier threw instead of giving a verdict. */
    record Crash(String row, Subject subject, String change, String failure) {}

    /** jtracec refused what the kernel loads, and why. */
    record Imprecision(String row, Subject subject, String change, Refusal refusal) {}

    record Result(Tally tally, List<Finding> unsound, List<Imprecision> imprecise, List<Crash> crashes, int attempts) {}

    record Settings(long seed, int mutants) {}

    private static final int ATTEMPTS_PER_KIND = 64;

    private final LiveTarget target;
    private final Verifier verifier;
    private final Mutator mutator = new Mutator();

    private final Optional<Path> imprecisionDumps;
    private int dumped;

    /** {@code imprecisionDumps}: a directory to write each imprecise mutant to (listing and jtracec's errors), for study. */
    Campaign(LiveTarget target, Verifier verifier, Optional<Path> imprecisionDumps) {
        this.target = target;
        this.verifier = verifier;
        this.imprecisionDumps = imprecisionDumps;
    }

    Result run(List<Subject> subjects, Settings settings, PrintStream progress) {
        var tally = new Tally();
        var unsound = new ArrayList<Finding>();
        var crashes = new ArrayList<Crash>();
        var imprecise = new ArrayList<Imprecision>();
        try (var kernel = new KernelMaps(target)) {
            for (Subject subject : subjects) {
                judge(Tally.ORIGINAL, subject, "as compiled", subject.alone(), kernel, tally, unsound, imprecise, crashes);
            }
            var random = new SplittableRandom(settings.seed());
            Set<List<Object>> seen = new HashSet<>();
            MutationKind[] kinds = MutationKind.values();
            int produced = 0, attempts = 0, kindIndex = 0, barren = 0;
            long started = System.nanoTime();
            while (produced < settings.mutants() && barren < kinds.length) {
                MutationKind kind = kinds[kindIndex++ % kinds.length];
                Optional<Mutant> mutant = Optional.empty();
                for (int attempt = 0; attempt < ATTEMPTS_PER_KIND && mutant.isEmpty(); attempt++) {
                    attempts++;
                    Subject subject = subjects.get(random.nextInt(subjects.size()));
                    mutant = mutator.mutate(subject, kind, random).filter(m -> seen.add(identity(m)));
                }
                if (mutant.isEmpty()) {
                    barren++;
                    continue;
                }
                barren = 0;
                produced++;
                var m = mutant.get();
                judge(kind.name(), m.subject(), m.change(), m.object(), kernel, tally, unsound, imprecise, crashes);
                if (produced % 500 == 0) {
                    progress.printf("differential: %d mutants, %d unsound, %d imprecise (%.0f s)%n", produced,
                            tally.count(Agreement.UNSOUND), tally.count(Agreement.IMPRECISE), (System.nanoTime() - started) / 1e9);
                }
            }
            return new Result(tally, unsound, imprecise, crashes, attempts);
        }
    }

    private void judge(String row, Subject subject, String change, BpfObject object, KernelMaps kernel,
                       Tally tally, List<Finding> unsound, List<Imprecision> imprecise, List<Crash> crashes) {
        boolean isAcceptedByJtracec;
        Refusal refusal;
        Optional<VerificationReport> report = Optional.empty();
        try {
            report = Optional.of(verifier.verify(object, target));
            isAcceptedByJtracec = report.get().verified().isPresent();
            refusal = Refusal.of(report.get());
        } catch (RuntimeException e) {
            crashes.add(new Crash(row, subject, change, e.toString()));
            isAcceptedByJtracec = false;
            refusal = Refusal.crashed();
        }
        Optional<KernelVerdicts.Rejection> rejection = kernel.verdict(subject, object);
        var agreement = Agreement.of(isAcceptedByJtracec, rejection.isEmpty());
        tally.add(row, agreement);
        if (agreement == Agreement.UNSOUND) unsound.add(new Finding(row, subject, change, object, rejection.get()));
        if (agreement == Agreement.IMPRECISE) {
            imprecise.add(new Imprecision(row, subject, change, refusal));
            if (imprecisionDumps.isPresent() && report.isPresent()) dump(imprecisionDumps.get(), row, subject, change, refusal, object, report.get());
        }
    }

    private void dump(Path directory, String row, Subject subject, String change, Refusal refusal, BpfObject object, VerificationReport report) {
        var text = new StringBuilder("# %s %s: %s%n# reason: %s%s%n".formatted(subject.name(), row, change, refusal.reason(),
                refusal.policy().map(p -> " (policy " + p + ")").orElse("")));
        for (var p : report.programs()) {
            for (var f : p.findings()) {
                if (!f.diagnostic().isError()) continue;
                text.append("# %s at %s: %s%n".formatted(f.diagnostic().code().id(), f.at().map(a -> "pc " + a.pc() + " " + a.instruction()).orElse("-"),
                        f.diagnostic().message()));
                f.diagnostic().notes().forEach(n -> text.append("#   note: ").append(n.message()).append('\n'));
            }
        }
        text.append(Disassembler.listing(object.programs().get(0).insns()));
        String name = "%04d-%s-%s.txt".formatted(dumped++, row.toLowerCase(java.util.Locale.ROOT),
                refusal.reason().replaceAll("[^A-Za-z0-9]+", "_"));
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The kernel's verdicts, with each compiled object's maps created once and kept until closed;
     * a mutant with map sizes of its own gets (and releases) maps of its own.
     */
    private static final class KernelMaps implements AutoCloseable {
        private final LiveTarget target;
        private final Map<BpfObject, KernelVerdicts> opened = new IdentityHashMap<>();
        private final Map<BpfObject, KernelVerdicts.Rejection> refused = new IdentityHashMap<>();

        KernelMaps(LiveTarget target) {
            this.target = target;
        }

        /** Empty when the kernel loads {@code object}'s single program. */
        Optional<KernelVerdicts.Rejection> verdict(Subject subject, BpfObject object) {
            if (!object.maps().equals(subject.object().maps())) {
                return switch (KernelVerdicts.open(target, object)) {
                    case KernelVerdicts.Result.MapRefused mapRefused -> Optional.of(mapRefused.rejection());
                    case KernelVerdicts.Result.Opened o -> {
                        try (var verdicts = o.verdicts()) {
                            yield verdicts.load(object.programs().get(0));
                        }
                    }
                };
            }
            BpfObject compiled = subject.object();
            if (refused.containsKey(compiled)) return Optional.of(refused.get(compiled));
            if (!opened.containsKey(compiled)) {
                switch (KernelVerdicts.open(target, compiled)) {
                    case KernelVerdicts.Result.MapRefused mapRefused -> {
                        refused.put(compiled, mapRefused.rejection());
                        return Optional.of(mapRefused.rejection());
                    }
                    case KernelVerdicts.Result.Opened o -> opened.put(compiled, o.verdicts());
                }
            }
            return opened.get(compiled).load(object.programs().get(0));
        }

        @Override
        public void close() {
            opened.values().forEach(KernelVerdicts::close);
        }
    }

    /** Equal for mutants that ask both verifiers the same question. */
    private static List<Object> identity(Mutant mutant) {
        List<Insn> insns = mutant.insns();
        List<MapSpec> maps = mutant.object().maps();
        return List.of(mutant.subject().name(), insns, maps);
    }
}

package jtracec.verifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import jtracec.spec.interp.Outcome;
import jtracec.spec.isa.Insn;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.source.LineTable;
import org.junit.jupiter.api.Test;

/**
 * Soundness against the reference interpreter on mutated bytecode: whatever mutant of a case the
 * verifier accepts must never fault in the interpreter.
 */
class MutationSoundnessTest {
    private static final Verifier VERIFIER = new Verifier(VerifierOptions.defaults().withMaxLoopIterations(16).withQueryTimeout(java.time.Duration.ofMillis(500)));

    @Test
    void acceptedMutantsNeverFaultInTheInterpreter() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/verifier")).toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        var random = new Random(20261122);
        int accepted = 0, mutants = 0;
        var failures = new ArrayList<String>();
        for (Path file : files) {
            var c = VerifierCase.parse(root.relativize(file).toString(), Files.readString(file));
            BpfProgram original = c.object().programs().get(0);
            if (original.insns().isEmpty()) continue;
            for (int m = 0; m < (c.expectations().contains("accepted") ? 20 : 8); m++) {
                List<Insn> insns = mutate(original.insns(), random);
                var program = new BpfProgram(original.name(), original.probe(), original.type(), original.sites(), insns,
                        LineTable.unknown(c.name(), insns.size()), original.span());
                var object = new BpfObject(c.name(), List.of(program), c.object().maps(), List.of());
                mutants++;
                if (VERIFIER.verify(object, TestTarget.FULL).verified().isEmpty()) continue;
                accepted++;
                for (int run = 0; run < 12; run++) {
                    byte[] context = new byte[CounterexampleReplay.contextSize(program)];
                    if (run % 3 != 0) random.nextBytes(context);
                    Outcome outcome = CounterexampleReplay.run(object, program, context, run % 2 == 0);
                    if (outcome instanceof Outcome.Faulted f) {
                        failures.add("%s mutant %d faults: %s%n%s".formatted(c.name(), m, f, jtracec.spec.isa.Disassembler.listing(insns)));
                        break;
                    }
                }
            }
        }
        System.out.printf("mutation soundness: %d mutants, %d accepted, %d faulted%n", mutants, accepted, failures.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** One random change to one field of one instruction. */
    private static List<Insn> mutate(List<Insn> insns, Random random) {
        var out = new ArrayList<>(insns);
        int pc = random.nextInt(out.size());
        Insn i = out.get(pc);
        Insn changed = switch (random.nextInt(5)) {
            case 0 -> new Insn(i.opcode(), i.dst(), i.src(), clamp(i.offset() + (random.nextBoolean() ? 8 : -8) * (1 + random.nextInt(3))), i.imm());
            case 1 -> new Insn(i.opcode(), i.dst(), i.src(), i.offset(), i.imm() + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(64)));
            case 2 -> new Insn(i.opcode(), random.nextInt(11), i.src(), i.offset(), i.imm());
            case 3 -> new Insn(i.opcode(), i.dst(), random.nextInt(11), i.offset(), i.imm());
            default -> new Insn(i.opcode() ^ (1 << random.nextInt(8)), i.dst(), i.src(), i.offset(), i.imm());
        };
        out.set(pc, changed);
        return out;
    }

    private static int clamp(int offset) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, offset));
    }
}

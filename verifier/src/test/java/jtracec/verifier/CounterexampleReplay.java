package jtracec.verifier;

import java.util.ArrayList;
import java.util.List;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.Outcome;
import jtracec.spec.interp.Task;
import jtracec.spec.isa.Asm;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Opcodes;
import jtracec.spec.isa.Reg;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapSpec;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;
import jtracec.verifier.obligation.Counterexample;
import jtracec.verifier.state.Origin;

/**
 * Replays a counterexample in spec's reference interpreter: the context holds the model's
 * context bytes, and if the model lets every map lookup succeed, each hash map first gets an
 * all-zero key (the keys the cases use). A refuted memory obligation must then fault at its pc.
 */
final class CounterexampleReplay {
    private CounterexampleReplay() {}

    static Outcome replay(BpfObject object, BpfProgram program, Counterexample counterexample) {
        boolean lookupsSucceed = counterexample.inputs().stream().noneMatch(i ->
                i.origin() instanceof Origin.HelperResult h && h.helper().equals("bpf_map_lookup_elem") && i.value() == 0);
        byte[] context = new byte[contextSize(program)];
        for (Counterexample.Input input : counterexample.inputs()) {
            if (!(input.origin() instanceof Origin.ContextBytes bytes)) continue;
            for (int i = 0; i < bytes.size() && bytes.offset() + i < context.length; i++) {
                if (bytes.offset() + i >= 0) context[bytes.offset() + i] = (byte) (input.value() >>> (8 * i));
            }
        }
        return run(object, program, context, lookupsSucceed);
    }

    /** Runs the program on a context, with every hash map empty or holding the all-zero key. */
    static Outcome run(BpfObject object, BpfProgram program, byte[] context, boolean lookupsSucceed) {
        var machine = Machine.of(object.maps());
        if (lookupsSucceed) {
            for (int m = 0; m < object.maps().size(); m++) {
                MapSpec spec = object.maps().get(m);
                if (spec.type() == MapType.HASH || spec.type() == MapType.LRU_HASH || spec.type() == MapType.PERCPU_HASH) {
                    machine.run(setup(m, spec), Event.of(new byte[0], Task.of(1, "replay", 0)));
                }
            }
        }
        return machine.run(program, Event.of(context, Task.of(1, "replay", 0)));
    }

    static int contextSize(BpfProgram program) {
        if (program.type() == ProgramType.TRACEPOINT && program.sites().get(0).point() instanceof AttachPoint.Tracepoint tp) {
            return TestTarget.FULL.tracepoint(tp.category(), tp.name())
                    .map(f -> f.fields().stream().mapToInt(x -> x.offset() + x.size()).max().orElse(8)).orElse(8);
        }
        return 21 * 8;
    }

    /** A program that stores value 0 under the all-zero key of map {@code index}. */
    private static BpfProgram setup(int index, MapSpec spec) {
        var insns = new ArrayList<Insn>();
        int total = spec.keySize() + spec.valueSize();
        for (int off = -total; off < 0; off++) insns.add(Asm.storeImm(Opcodes.B, Reg.FP, off, 0));
        insns.addAll(Asm.loadMap(Reg.R1, index));
        insns.add(Asm.mov64(Reg.R2, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R2, -spec.keySize()));
        insns.add(Asm.mov64(Reg.R3, Reg.FP));
        insns.add(Asm.alu64Imm(Opcodes.ADD, Reg.R3, -total));
        insns.add(Asm.mov64(Reg.R4, 0L));
        insns.add(Asm.call(2));
        insns.add(Asm.mov64(Reg.R0, 0L));
        insns.add(Asm.exit());
        return BpfProgram.atOneSite("setup", ProgramType.KPROBE, new jtracec.spec.object.AttachSite("setup", new AttachPoint.Begin()), insns,
                LineTable.unknown("setup", insns.size()), SourceSpan.unknown("setup"));
    }

    static List<String> describe(Counterexample c) {
        return c.inputs().stream().map(i -> i.origin() + " = " + i.value()).toList();
    }
}

package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.sema.ConcreteProbe;
import jtracec.compiler.sema.MapInfo;
import jtracec.compiler.sema.TypedProbe;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.object.AttachPoint;

/**
 * Lowers a typed program to IR: one function per probe block and distinct code (see
 * {@link ProgramMerging}), attached at each concrete attach point of that code, with bpftrace's map
 * layouts and event records. After it, every map access goes through a null-checked lookup and
 * every byte a helper reads has been written first.
 */
public final class Lowering {
    private final int mapEntries;
    private final int eventBufferBytes;

    /** {@code mapEntries}: max_entries of script maps; {@code eventBufferBytes}: ring buffer size, a power-of-2 multiple of the page size. */
    public Lowering(int mapEntries, int eventBufferBytes) {
        this.mapEntries = mapEntries;
        this.eventBufferBytes = eventBufferBytes;
    }

    public Optional<IrModule> lower(TypedProgram program, Diagnostics diags) {
        long errorsBefore = diags.errorCount();
        var layout = new ModuleLayout(mapEntries, eventBufferBytes);
        int index = 0;
        for (MapInfo info : program.maps()) {
            Optional<MapLayout> map = MapLayout.of(index, info, program);
            if (map.isEmpty()) {
                diags.report(Diagnostic.error(LowerCode.UNSUPPORTED, info.firstUse(),
                        "map %s has a key or value type that cannot be stored in a map yet".formatted(info.scriptName())));
                continue;
            }
            layout.addMap(map.get());
            index++;
        }
        // before any real lowering: measuring uses a copy of the layout, so ids and indices stay as they were
        EventRing beginRing = RingRoom.forBegin(measure(program, layout, AttachPoint.Begin.class), eventBufferBytes);
        EventRing endRing = RingRoom.forEnd(measure(program, layout, AttachPoint.End.class), eventBufferBytes);
        var functions = new ArrayList<Function>();
        var names = new HashSet<String>();
        for (TypedProbe probe : program.probes()) {
            var merging = new ProgramMerging(probe.probe());
            for (ConcreteProbe point : probe.points()) {
                String name = programName(point.name());
                EventRing ring = isOnly(probe, AttachPoint.Begin.class) ? beginRing
                        : isOnly(probe, AttachPoint.End.class) ? endRing : new EventRing.SharedMayBeFull();
                var lowering = new ProbeLowering(program, layout, point, ring, diags);
                merging.add(lowering.lower(probe.probe(), name));
            }
            for (Function function : merging.functions()) functions.add(function.withName(uniqueName(function.name(), names)));
        }
        if (diags.errorCount() > errorsBefore) return Optional.empty();
        String source = program.program().span().file();
        return Optional.of(new IrModule(source, functions, layout.mapSpecs(), layout.printfs()));
    }

    /**
     * The ring bytes each program of the blocks that attach only at {@code kind} (BEGIN or END) can
     * take in one run (see {@link RingRoom}), from a trial lowering into a copy of the layout whose
     * diagnostics are dropped (the real lowering reports the same ones).
     */
    private static List<OptionalLong> measure(TypedProgram program, ModuleLayout layout, Class<? extends AttachPoint> kind) {
        var trial = layout.copy();
        var bytes = new ArrayList<OptionalLong>();
        for (TypedProbe probe : program.probes()) {
            if (!isOnly(probe, kind)) continue;
            for (ConcreteProbe point : probe.points()) {
                var lowering = new ProbeLowering(program, trial, point, new EventRing.SharedMayBeFull(), new Diagnostics());
                bytes.add(RingRoom.bytesPerRun(lowering.lower(probe.probe(), "measured")));
            }
        }
        return bytes;
    }

    /** Whether every attach point of the block is of this kind: a block that lists BEGIN with other probes is an event program too. */
    private static boolean isOnly(TypedProbe probe, Class<? extends AttachPoint> kind) {
        return !probe.points().isEmpty() && probe.points().stream().allMatch(point -> kind.isInstance(point.point()));
    }

    /** A C identifier from the probe name, as section and program names need. */
    private static String programName(String probe) {
        String name = probe.replaceAll("[^A-Za-z0-9_]", "_");
        return name.isEmpty() ? "probe" : name;
    }

    private static String uniqueName(String base, java.util.Set<String> taken) {
        String name = base;
        for (int i = 1; !taken.add(name); i++) name = base + "_" + i;
        return name;
    }
}

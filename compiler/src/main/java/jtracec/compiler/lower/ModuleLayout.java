package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.PrintfSpec;

/**
 * What the functions of one module share: the script maps' layouts (indices 0..n-1, in the order
 * semantic analysis lists them), the event ring buffers (the shared one and END's own, created on
 * first use, after them) and the printf formats, numbered in order of first use.
 */
final class ModuleLayout {
    private final Map<String, MapLayout> maps = new HashMap<>();
    private final List<MapLayout> ordered = new ArrayList<>();
    private final List<PrintfSpec> printfs = new ArrayList<>();
    /** Internal maps by name (events, lost_events, elapsed, stacks) and the index each one got. */
    private final Map<String, Integer> internalIndex = new HashMap<>();
    /** Internal maps after the script maps, in order of first use. */
    private final List<MapSpec> internal = new ArrayList<>();
    private final int mapEntries;
    private final int eventBufferBytes;

    ModuleLayout(int mapEntries, int eventBufferBytes) {
        this.mapEntries = mapEntries;
        this.eventBufferBytes = eventBufferBytes;
    }

    /**
     * A layout with the same maps and formats so far, which a trial lowering may add to without
     * changing this one's indices or ids (see Lowering's measuring of BEGIN and END).
     */
    ModuleLayout copy() {
        var copy = new ModuleLayout(mapEntries, eventBufferBytes);
        copy.maps.putAll(maps);
        copy.ordered.addAll(ordered);
        copy.printfs.addAll(printfs);
        copy.internalIndex.putAll(internalIndex);
        copy.internal.addAll(internal);
        return copy;
    }

    void addMap(MapLayout layout) {
        maps.put(layout.info().name(), layout);
        ordered.add(layout);
    }

    Optional<MapLayout> map(String name) {
        return Optional.ofNullable(maps.get(name));
    }

    int eventMap() {
        return internalMap(new MapSpec("events", MapType.RINGBUF, 0, 0, eventBufferBytes, Optional.empty()));
    }

    /**
     * END's own ring of {@code bytes}, which only END programs write (EventRing.EndOwnRing); the
     * loader finds it by name (TraceSession.END_EVENTS_MAP) and drains it right after END runs.
     */
    int endEventMap(int bytes) {
        return internalMap(new MapSpec("end_events", MapType.RINGBUF, 0, 0, bytes, Optional.empty()));
    }

    /**
     * A one-slot counter of events {@code bpf_ringbuf_output} could not send (ring full); the
     * loader reads it by name and prints bpftrace's "Lost N events" (TraceSession.LOST_EVENTS_MAP).
     * A plain array of one element, since only such a map's value can be addressed directly
     * (the kernel's array_map_direct_value_addr()); programs add to it atomically.
     */
    int lostEventsMap() {
        return internalMap(new MapSpec("lost_events", MapType.ARRAY, 4, 8, 1, Optional.empty()));
    }

    /**
     * The start time for {@code elapsed}: a one-element array holding the CLOCK_MONOTONIC
     * nanoseconds (bpf_ktime_get_ns's clock) at which the loader started BEGIN; the loader fills
     * it by name (TraceSession.ELAPSED_MAP), as bpftrace 0.17's loader fills its elapsed map.
     */
    int elapsedMap() {
        return internalMap(new MapSpec("elapsed", MapType.ARRAY, 4, 8, 1, Optional.empty()));
    }

    /**
     * join()'s scratch record, too large for the stack: a one-element per-CPU array, as bpftrace
     * 0.17's join map (CreateGetJoinMap).
     */
    int joinMap() {
        return internalMap(new MapSpec("join", MapType.PERCPU_ARRAY, 4, EventIds.JOIN_RECORD_SIZE, 1, Optional.empty()));
    }

    /** An internal map, created on first use after the script maps; its index. */
    private int internalMap(MapSpec spec) {
        return internalIndex.computeIfAbsent(spec.name(), name -> {
            internal.add(spec);
            return ordered.size() + internal.size() - 1;
        });
    }

    /** The stack-trace map for stacks of this kind and depth: u32 stack id to {@code frames} u64 addresses. */
    int stackMap(FieldType.StackKind kind, int frames) {
        String name = (kind == FieldType.StackKind.KERNEL ? "kstack_" : "ustack_") + frames;
        return internalMap(new MapSpec(name, MapType.STACK_TRACE, 4, 8 * frames, mapEntries, Optional.empty()));
    }

    /**
     * The id of a printf format (also of time and other formats events carry); an identical one
     * already added keeps its id, so a probe lowered once per attach point lowers to the same code
     * at each point and {@link ProgramMerging} can share it.
     */
    int addPrintf(String format, List<Field> args, int size) {
        for (PrintfSpec existing : printfs) {
            if (existing.format().equals(format) && existing.args().equals(args) && existing.size() == size) return existing.id();
        }
        int id = printfs.size();
        printfs.add(new PrintfSpec(id, format, args, size));
        return id;
    }

    List<PrintfSpec> printfs() {
        return List.copyOf(printfs);
    }

    List<MapSpec> mapSpecs() {
        var specs = new ArrayList<MapSpec>();
        for (MapLayout layout : ordered) specs.add(layout.spec(mapEntries, this::stackMap));
        specs.addAll(internal);
        return specs;
    }
}

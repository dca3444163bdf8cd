package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.PrintfSpec;

/**
 * What the functions of one module share: the script maps' layouts (indices 0..n-1, in the order
 * semantic analysis lists them), the event ring buffer (created on first use, after them) and the
 * printf formats, numbered in order of first use.
 */
final class ModuleLayout {
    private final Map<String, MapLayout> maps = new HashMap<>();
    private final List<MapLayout> ordered = new ArrayList<>();
    private final List<PrintfSpec> printfs = new ArrayList<>();
    private Optional<Integer> events = Optional.empty();
    private Optional<Integer> elapsed = Optional.empty();
    /** Stack-trace maps by kind and depth, in order of first use, and the index each one got. */
    private final Map<FieldType.Stack, Integer> stackMaps = new java.util.LinkedHashMap<>();
    /** Internal maps after the script maps, in order of first use. */
    private final List<MapSpec> internal = new ArrayList<>();
    private final int mapEntries;
    private final int eventBufferBytes;

    ModuleLayout(int mapEntries, int eventBufferBytes) {
        this.mapEntries = mapEntries;
        this.eventBufferBytes = eventBufferBytes;
    }

    void addMap(MapLayout layout) {
        maps.put(layout.info().name(), layout);
        ordered.add(layout);
    }

    Optional<MapLayout> map(String name) {
        return Optional.ofNullable(maps.get(name));
    }

    int eventMap() {
        if (events.isEmpty()) {
            events = Optional.of(ordered.size() + internal.size());
            internal.add(new MapSpec("events", MapType.RINGBUF, 0, 0, eventBufferBytes, Optional.empty()));
        }
        return events.get();
    }

    /**
     * The start time for {@code elapsed}: a one-element array holding the nanoseconds at which
     * the first BEGIN program ran (bpftrace 0.17's elapsed map, which its loader fills instead).
     */
    int elapsedMap() {
        if (elapsed.isEmpty()) {
            elapsed = Optional.of(ordered.size() + internal.size());
            internal.add(new MapSpec("elapsed", MapType.ARRAY, 4, 8, 1, Optional.empty()));
        }
        return elapsed.get();
    }

    /** The stack-trace map for stacks of this kind and depth: u32 stack id to {@code frames} u64 addresses. */
    int stackMap(FieldType.StackKind kind, int frames) {
        var key = new FieldType.Stack(kind, -1, frames);
        return stackMaps.computeIfAbsent(key, k -> {
            int index = ordered.size() + internal.size();
            String name = (kind == FieldType.StackKind.KERNEL ? "kstack_" : "ustack_") + frames;
            internal.add(new MapSpec(name, MapType.STACK_TRACE, 4, 8 * frames, mapEntries, Optional.empty()));
            return index;
        });
    }

    int addPrintf(String format, List<Field> args, int size) {
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

package jtracec.compiler.validation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.interp.Event;
import jtracec.spec.interp.Machine;
import jtracec.spec.interp.MapModel;
import jtracec.spec.interp.Outcome;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapDisplay;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.MapValueKind;
import jtracec.spec.object.PrintfSpec;
import jtracec.spec.object.Signedness;

/**
 * A compiled object running in spec's reference machine, read back the way user space reads it:
 * map keys and values through each map's {@link MapDisplay} (per-CPU slots combined as bpftrace
 * combines them) and ring-buffer records through {@link PrintfSpec} and {@link EventIds}.
 */
final class CompiledScript {
    private final BpfObject object;
    private final Machine machine;
    private final List<Emitted> events = new ArrayList<>();

    private final java.util.SortedSet<Integer> beginSites;
    private boolean isBeginSent;

    /** {@code beginSites}: the sites that are BEGIN probes, which are no programs when the compiler ran them. */
    CompiledScript(BpfObject object, java.util.SortedSet<Integer> beginSites) {
        this.object = object;
        this.machine = Machine.forObject(object, Machine.Config.defaults());
        this.beginSites = beginSites;
    }

    /** Runs one firing; a fault or a step-limit stop is a broken translation, reported with the firing. */
    void run(Firing firing) {
        int program = firing.site();
        if (object.evaluatedBegin().isPresent()) {
            // what the compiler's run of every BEGIN sent, once, where the first BEGIN fires
            if (beginSites.contains(firing.site())) {
                if (!isBeginSent) object.evaluatedBegin().get().events().forEach(record -> events.add(decode(record)));
                isBeginSent = true;
                return;
            }
            program -= beginSites.headSet(firing.site()).size();
        }
        Outcome outcome = machine.run(object.programs().get(program), Event.of(firing.context(), firing.task()));
        if (!(outcome instanceof Outcome.Returned)) {
            throw new AssertionError("program %d did not return: %s on %s".formatted(firing.site(), outcome, firing));
        }
        // the shared ring and END's own: one firing writes only one of them
        for (int i = 0; i < object.maps().size(); i++) {
            if (object.maps().get(i).type() == MapType.RINGBUF) machine.ringBuffer(i).drain().forEach(record -> events.add(decode(record)));
        }
    }

    Observation observation() {
        var maps = new LinkedHashMap<String, Map<List<Scalar>, MapValue>>();
        for (int i = 0; i < object.maps().size(); i++) {
            MapSpec spec = object.maps().get(i);
            if (spec.display().isEmpty()) continue;
            MapDisplay display = spec.display().get();
            var entries = new HashMap<List<Scalar>, MapValue>();
            if (spec.type() == MapType.PERCPU_ARRAY || spec.type() == MapType.ARRAY) {
                // a scalar map kept as a one-element array: its element always exists
                entries.put(List.of(), combine(display.value(), machine.arrayMap(i).values(0)));
                maps.put(display.scriptName(), entries);
                continue;
            }
            MapModel.HashMapModel model = machine.hashMap(i);
            for (byte[] key : model.keys()) {
                List<Scalar> decodedKey = display.key().stream().map(field -> read(key, field)).toList();
                MapValue previous = entries.put(decodedKey, combine(display.value(), model.values(key)));
                if (previous != null) {
                    // keys that differ only past a string's terminator: the program left bytes of its buffer undefined
                    throw new AssertionError("two entries of %s have the key %s: %s".formatted(display.scriptName(), decodedKey,
                            model.keys().stream().map(k -> java.util.HexFormat.of().formatHex(k)).toList()));
                }
            }
            maps.put(display.scriptName(), entries);
        }
        return new Observation(maps, events);
    }

    private Emitted decode(byte[] record) {
        long id = u64(record, 0);
        if (id < EventIds.FIRST_ACTION) {
            PrintfSpec printf = object.printfs().get((int) id);
            if (printf.id() != id) throw new AssertionError("printf %d is listed at index %d".formatted(printf.id(), id));
            if (record.length != printf.size()) {
                throw new AssertionError("printf record of %d bytes, its spec says %d".formatted(record.length, printf.size()));
            }
            return new Emitted.Printf(printf.format(), printf.args().stream().map(field -> read(record, field)).toList());
        }
        if (id == EventIds.EXIT) return new Emitted.Exit();
        String action = id == EventIds.PRINT_MAP ? "print" : id == EventIds.CLEAR_MAP ? "clear" : id == EventIds.ZERO_MAP ? "zero" : "";
        if (action.isEmpty()) throw new AssertionError("unknown event id " + id);
        MapSpec map = object.maps().get((int) u64(record, 8));
        return new Emitted.MapAction(action, map.display().map(MapDisplay::scriptName).orElse(map.name()));
    }

    private static Scalar read(byte[] bytes, Field field) {
        return switch (field.type()) {
            case FieldType.Int i -> Scalar.of(integer(bytes, field.offset(), i));
            case FieldType.Str s -> Scalar.of(cString(bytes, field.offset(), s.size()));
            case FieldType.KernelSymbol k -> Scalar.of(u64(bytes, field.offset()));
            case FieldType.Stack s -> Scalar.of(u64(bytes, field.offset()));
            case FieldType.UserSymbol u -> Scalar.of(u64(bytes, field.offset()));
            case FieldType.Buffer b -> Scalar.of(java.util.HexFormat.of().formatHex(bytes, field.offset(), field.offset() + b.size()));
            case FieldType.Inet inet -> Scalar.of(java.util.HexFormat.of().formatHex(bytes, field.offset(), field.offset() + inet.size()));
            case FieldType.MacAddress mac -> Scalar.of(java.util.HexFormat.of().formatHex(bytes, field.offset(), field.offset() + mac.size()));
            case FieldType.Tuple t -> throw new AssertionError("tuple fields are not decoded yet");
            case FieldType.Pointer p -> Scalar.of(u64(bytes, field.offset()));
            case FieldType.Struct t -> Scalar.of(java.util.HexFormat.of().formatHex(bytes, field.offset(), field.offset() + t.size()));
            case FieldType.Array a -> Scalar.of(java.util.HexFormat.of().formatHex(bytes, field.offset(), field.offset() + a.size()));
            case FieldType.Timestamp t -> Scalar.of(u64(bytes, field.offset() + 8));
        };
    }

    private static long integer(byte[] bytes, int offset, FieldType.Int type) {
        long value = 0;
        for (int i = type.size() - 1; i >= 0; i--) value = value << 8 | (bytes[offset + i] & 0xff);
        int unused = 64 - 8 * type.size();
        if (unused == 0) return value;
        return type.signedness() == Signedness.SIGNED ? value << unused >> unused : value;
    }

    /** bpftrace combines per-CPU slots in user space: counts and sums add, min/max over the CPUs that have a value. */
    private static MapValue combine(MapValueKind kind, List<byte[]> slots) {
        return switch (kind) {
            case MapValueKind.Plain plain -> {
                if (slots.size() != 1) throw new AssertionError("a plain map value lives in a shared map, found %d slots".formatted(slots.size()));
                yield new MapValue.Plain(read(slots.get(0), new Field(plain.type(), 0)));
            }
            case MapValueKind.Count c -> new MapValue.Count(sum(slots, 0));
            case MapValueKind.Hist h -> new MapValue.Count(sum(slots, 0));
            case MapValueKind.Lhist l -> new MapValue.Count(sum(slots, 0));
            case MapValueKind.Sum s -> new MapValue.Sum(sum(slots, 0));
            case MapValueKind.Avg a -> new MapValue.Avg(sum(slots, 0), sum(slots, 8));
            case MapValueKind.Stats s -> new MapValue.Stats(sum(slots, 0), sum(slots, 8));
            case MapValueKind.Min m -> new MapValue.Min(extreme(slots, (a, b) -> MapValue.smaller(a, b, m.signedness())));
            case MapValueKind.Max m -> new MapValue.Max(extreme(slots, (a, b) -> MapValue.larger(a, b, m.signedness())));
        };
    }

    private static long sum(List<byte[]> slots, int offset) {
        return slots.stream().mapToLong(slot -> u64(slot, offset)).sum();
    }

    /** min/max slots are [value, set flag]; a CPU that never ran the aggregation has the flag clear. */
    private static long extreme(List<byte[]> slots, java.util.function.LongBinaryOperator better) {
        Optional<Long> result = Optional.empty();
        for (byte[] slot : slots) {
            if (u64(slot, 8) == 0) continue;
            long value = u64(slot, 0);
            result = Optional.of(result.map(r -> better.applyAsLong(r, value)).orElse(value));
        }
        return result.orElseThrow(() -> new AssertionError("a min/max entry with no CPU's value set"));
    }

    static long u64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    static String cString(byte[] bytes, int offset, int size) {
        int end = offset;
        while (end < offset + size && end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }
}

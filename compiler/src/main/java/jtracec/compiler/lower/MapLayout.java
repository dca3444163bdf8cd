package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.sema.MapInfo;
import jtracec.compiler.sema.Type;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapDisplay;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.MapValueKind;
import jtracec.spec.object.Signedness;

/**
 * How a script map is laid out in the kernel. Key components sit at 8-byte-aligned offsets, every
 * integer widened to 8 bytes as bpftrace does; a scalar map has one 8-byte zero key; hist and lhist
 * append the bucket as a last u64 component. Aggregations live in per-CPU maps, so updates need
 * no atomics, and user space combines the CPUs' slots: a scalar count() in a one-element array
 * with a u32 key (which the 8-byte zero key buffer starts with), every other one in a hash.
 */
record MapLayout(int index, MapInfo info, List<Field> keyFields, int keySize, Type valueType,
                 MapValueKind valueKind, int valueSize, MapType type) {
    MapLayout {
        keyFields = List.copyOf(keyFields);
    }

    /** Array maps are indexed by a u32. */
    private static final int ARRAY_KEY_SIZE = 4;

    static int align8(int size) {
        return (size + 7) & ~7;
    }

    /** The layout of {@code info}, or empty when a key or value type cannot be stored in a map yet. */
    static Optional<MapLayout> of(int index, MapInfo info, TypedProgram program) {
        var fields = new ArrayList<Field>();
        int offset = 0;
        for (Type key : info.keyTypes()) {
            Optional<FieldType> field = fieldType(program, key);
            if (field.isEmpty()) return Optional.empty();
            fields.add(new Field(field.get(), offset));
            offset += align8(field.get().size());
        }
        Type value = info.valueType();
        boolean isBucketed = value instanceof Type.Aggregate a
                && (a.kind() == Type.AggregateKind.HIST || a.kind() == Type.AggregateKind.LHIST);
        if (isBucketed) {
            fields.add(new Field(new FieldType.Int(8, Signedness.UNSIGNED), offset));
            offset += 8;
        }
        int keySize = offset == 0 ? 8 : offset;
        // bpftrace 0.17 (IMap::IMap in src/imap.cpp, Map::Map in src/map.cpp): a count() without
        // keys is a BPF_MAP_TYPE_PERCPU_ARRAY of one element with 4-byte keys; the element always
        // exists, so a count that never fired prints "@x: 0", and clear() zeroes it.
        if (value instanceof Type.Aggregate a && a.kind() == Type.AggregateKind.COUNT && fields.isEmpty()) {
            return Optional.of(new MapLayout(index, info, fields, ARRAY_KEY_SIZE, value, kind(a), 8, MapType.PERCPU_ARRAY));
        }
        return switch (value) {
            case Type.Aggregate a -> Optional.of(new MapLayout(index, info, fields, keySize, value, kind(a),
                    switch (a.kind()) {
                        case MIN, MAX, AVG, STATS -> 16;
                        case COUNT, SUM, HIST, LHIST -> 8;
                    }, MapType.PERCPU_HASH));
            case Type.Int i -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Int(8, i.signedness())), 8, MapType.HASH));
            case Type.Str s -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Str(s.size())), align8(s.size()), MapType.HASH));
            case Type.Tuple t -> tuple(program, t).map(tuple -> new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(tuple), align8(tuple.size()), MapType.HASH));
            case Type.Stack s -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Stack(s.kind(), -1, s.maxFrames())), 8, MapType.HASH));
            case Type.Pointer p -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Int(8, Signedness.UNSIGNED)), 8, MapType.HASH));
            case Type.KernelSymbol k -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.KernelSymbol()), 8, MapType.HASH));
            case Type.UserSymbol u -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.UserSymbol()), 16, MapType.HASH));
            case Type.Inet i -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Inet()), AddressFunctions.INET_SIZE, MapType.HASH));
            case Type.MacAddress m -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.MacAddress()), align8(AddressFunctions.MAC_SIZE), MapType.HASH));
            case Type.Timestamp t -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Timestamp()), 16, MapType.HASH));
            case Type.Buffer b -> Optional.of(new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(new FieldType.Buffer(b.size() + 1)), align8(b.size() + 1), MapType.HASH));
            case Type.Struct s -> program.structValue(s).map(struct -> new MapLayout(index, info, fields, keySize, value,
                    new MapValueKind.Plain(struct), align8(struct.size()), MapType.HASH));
            default -> Optional.empty();
        };
    }

    boolean isArray() {
        return type == MapType.ARRAY || type == MapType.PERCPU_ARRAY;
    }

    boolean hasBucket() {
        return valueKind instanceof MapValueKind.Hist || valueKind instanceof MapValueKind.Lhist;
    }

    /** Offset of the bucket component in the key. */
    int bucketOffset() {
        return keySize - 8;
    }

    /** The kernel map; stack fields get the index of their stack-trace map from {@code stackMaps}. */
    MapSpec spec(int maxEntries, java.util.function.BiFunction<FieldType.StackKind, Integer, Integer> stackMaps) {
        List<Field> key = keyFields.stream().map(f -> f.type() instanceof FieldType.Stack s
                ? new Field(new FieldType.Stack(s.kind(), stackMaps.apply(s.kind(), s.maxFrames()), s.maxFrames()), f.offset())
                : f).toList();
        MapValueKind value = valueKind instanceof MapValueKind.Plain(FieldType.Stack s)
                ? new MapValueKind.Plain(new FieldType.Stack(s.kind(), stackMaps.apply(s.kind(), s.maxFrames()), s.maxFrames()))
                : valueKind;
        return new MapSpec(kernelName(info.name()), type, keySize, valueSize, isArray() ? 1 : maxEntries,
                Optional.of(new MapDisplay(info.scriptName(), key, value)));
    }

    /** bpftrace's map names: "AT_" + name, cut to the kernel's 15 visible characters (BPF_OBJ_NAME_LEN). */
    private static String kernelName(String name) {
        String full = "AT_" + name.replaceAll("[^A-Za-z0-9_]", "_");
        return full.length() > 15 ? full.substring(0, 15) : full;
    }

    /** How a value of {@code type} is written and printed; whole structs as {@code program}'s sema laid them out. */
    static Optional<FieldType> fieldType(TypedProgram program, Type type) {
        return switch (type) {
            case Type.Int i -> Optional.of(new FieldType.Int(8, i.signedness()));
            case Type.Str s -> Optional.of(new FieldType.Str(s.size()));
            // bpftrace's buf: a length byte, then the bytes read
            case Type.Buffer b -> Optional.of(new FieldType.Buffer(b.size() + 1));
            case Type.Pointer p -> Optional.of(new FieldType.Int(8, Signedness.UNSIGNED));
            case Type.KernelSymbol k -> Optional.of(new FieldType.KernelSymbol());
            // bpftrace's usym: the address, then the pid whose address space it belongs to
            case Type.UserSymbol u -> Optional.of(new FieldType.UserSymbol());
            // the stack-trace map's index is filled in when the map list is final
            case Type.Stack s -> Optional.of(new FieldType.Stack(s.kind(), -1, s.maxFrames()));
            case Type.Tuple t -> tuple(program, t);
            case Type.Struct s -> program.structValue(s);
            case Type.Inet i -> Optional.of(new FieldType.Inet());
            case Type.MacAddress m -> Optional.of(new FieldType.MacAddress());
            // bpftrace's strftime value: the format's id, then the nanoseconds
            case Type.Timestamp t -> Optional.of(new FieldType.Timestamp());
            default -> Optional.empty();
        };
    }

    /** A tuple as bpftrace lays it out here: each element at the next 8-byte-aligned offset. */
    static Optional<FieldType> tuple(TypedProgram program, Type.Tuple t) {
        var elements = new ArrayList<Field>();
        int offset = 0;
        for (Type element : t.elements()) {
            Optional<FieldType> field = fieldType(program, element);
            if (field.isEmpty()) return Optional.empty();
            elements.add(new Field(field.get(), offset));
            offset += align8(field.get().size());
        }
        return Optional.of(new FieldType.Tuple(elements, offset));
    }

    private static MapValueKind kind(Type.Aggregate a) {
        return switch (a.kind()) {
            case COUNT -> new MapValueKind.Count();
            case SUM -> new MapValueKind.Sum(a.signedness());
            case MIN -> new MapValueKind.Min(a.signedness());
            case MAX -> new MapValueKind.Max(a.signedness());
            case AVG -> new MapValueKind.Avg(a.signedness());
            case STATS -> new MapValueKind.Stats(a.signedness());
            case HIST -> new MapValueKind.Hist();
            case LHIST -> new MapValueKind.Lhist(param(a, 0), param(a, 1), param(a, 2));
        };
    }

    private static long param(Type.Aggregate a, int i) {
        return i < a.parameters().size() ? a.parameters().get(i) : 0;
    }
}

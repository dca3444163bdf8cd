package jtracec.compiler.sema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.source.SourceSpan;

/**
 * Every map's key and value types as fixed by its first write (in source order), shared by all
 * probes. Ints are stored 64 bits wide, as bpftrace stores them; strings keep the largest size
 * written.
 */
final class MapTable {
    /** A map as known so far: key types (empty for a scalar map) and value type. */
    record Entry(String name, List<Type> keyTypes, Type valueType, SourceSpan firstUse) {
        Entry {
            keyTypes = List.copyOf(keyTypes);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    void put(Entry entry) {
        entries.put(entry.name(), entry);
    }

    List<MapInfo> infos() {
        return entries.values().stream()
                .map(e -> new MapInfo(e.name(), e.keyTypes(), e.valueType(), e.firstUse()))
                .toList();
    }

    /** The type a value takes when stored in a map or used as a key. */
    static Type stored(Type type) {
        return switch (type) {
            case Type.Int i -> new Type.Int(8, i.signedness());
            case Type.Tuple t -> new Type.Tuple(t.elements().stream().map(MapTable::stored).toList());
            default -> type;
        };
    }
}

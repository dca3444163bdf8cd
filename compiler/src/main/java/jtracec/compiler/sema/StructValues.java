package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.object.FieldType;

/**
 * How a whole struct value is printed (bpftrace 0.17's record type): every member at its C
 * offset with its C size, nested structs and arrays kept as such, char arrays as strings and
 * pointers as pointers (Output::value_to_str in src/output.cpp, MapKey::argument_value). Laid out on first
 * use, so the kernel's structs a script only navigates through are never walked.
 */
final class StructValues {
    private final StructLayouts structs;
    private final Map<String, Optional<FieldType>> laid = new HashMap<>();

    StructValues(StructLayouts structs) {
        this.structs = structs;
    }

    /**
     * The struct's printed layout; empty when a member has no printed form yet: a bitfield, an
     * anonymous member, a float, or an integer of odd size.
     */
    Optional<FieldType> of(String name) {
        Optional<FieldType> known = laid.get(name);
        if (known != null) return known;
        laid.put(name, Optional.empty()); // a struct containing itself (only through pointers) stops here
        Optional<FieldType> layout = layout(name);
        laid.put(name, layout);
        return layout;
    }

    private Optional<FieldType> layout(String name) {
        Optional<Type.Struct> struct = structs.find(name);
        if (struct.isEmpty() || struct.get().size() <= 0) return Optional.empty();
        var members = new ArrayList<FieldType.Member>();
        for (StructLayouts.Member member : structs.members(name)) {
            if (member.name().isEmpty() || member.layout().isBitfield()) return Optional.empty();
            Optional<FieldType> type = fieldType(member.type());
            if (type.isEmpty()) return Optional.empty();
            members.add(new FieldType.Member(member.name(), type.get(), member.layout().offset()));
        }
        return Optional.of(new FieldType.Struct(members, struct.get().size()));
    }

    private Optional<FieldType> fieldType(Type type) {
        return switch (type) {
            case Type.Int i when List.of(1, 2, 4, 8).contains(i.size()) -> Optional.of(new FieldType.Int(i.size(), i.signedness()));
            case Type.Str s -> Optional.of(new FieldType.Str(s.size()));
            case Type.Pointer p -> Optional.of(new FieldType.Pointer());
            case Type.Array a when a.length() > 0 -> fieldType(a.element()).map(e -> new FieldType.Array(e, a.length()));
            case Type.Struct s -> of(s.name());
            default -> Optional.empty();
        };
    }
}

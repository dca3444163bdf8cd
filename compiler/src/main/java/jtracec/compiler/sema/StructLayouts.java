package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ast.StructDecl;
import jtracec.compiler.ast.TypeName;

/**
 * The structs a script declares, laid out as C does on x86-64 (each member at its natural
 * alignment, the whole padded to the largest). Kernel structs come from BTF, which the Target
 * does not offer yet, so only these have known members.
 */
final class StructLayouts {
    /** A member at its byte offset. */
    record Member(String name, Type type, int offset) {}

    private final Map<String, Type.Struct> types = new HashMap<>();
    private final Map<String, List<Member>> members = new HashMap<>();

    void declare(StructDecl decl) {
        var reader = new CTypeReader(this);
        var laid = new ArrayList<Member>();
        int offset = 0;
        int alignment = 1;
        for (StructDecl.Member member : decl.members()) {
            Type type = memberType(member.type(), reader);
            int size = CTypeReader.sizeOf(type);
            int align = alignmentOf(type);
            offset = (offset + align - 1) / align * align;
            laid.add(new Member(member.name(), type, offset));
            offset += size;
            alignment = Math.max(alignment, align);
        }
        int size = (offset + alignment - 1) / alignment * alignment;
        types.put(decl.name(), new Type.Struct(decl.name(), size));
        members.put(decl.name(), List.copyOf(laid));
    }

    Optional<Type.Struct> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    Optional<Member> member(String struct, String name) {
        return members.getOrDefault(struct, List.of()).stream().filter(m -> m.name().equals(name)).findFirst();
    }

    boolean isDeclared(String struct) {
        return types.containsKey(struct);
    }

    static Type memberType(TypeName name, CTypeReader reader) {
        Type type = reader.base(name.base(), Type.AddressSpace.KERNEL);
        for (int i = 0; i < name.pointerDepth(); i++) type = new Type.Pointer(type, Type.AddressSpace.KERNEL);
        if (name.arrayLength() > 0) {
            boolean isChar = type instanceof Type.Int i && i.size() == 1 && name.base().endsWith("char");
            type = isChar ? new Type.Str(name.arrayLength()) : new Type.Array(type, name.arrayLength());
        }
        return type;
    }

    private static int alignmentOf(Type type) {
        return switch (type) {
            case Type.Array a -> alignmentOf(a.element());
            case Type.Str s -> 1;
            case Type.Struct s -> 8;
            default -> Math.max(1, Math.min(8, CTypeReader.sizeOf(type)));
        };
    }
}

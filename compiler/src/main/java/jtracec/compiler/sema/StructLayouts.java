package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import jtracec.compiler.ast.StructDecl;
import jtracec.compiler.ast.TypeName;
import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.KernelTypes;

/**
 * The structs a script can navigate: those it declares, laid out as C does on x86-64 (each
 * member at its natural alignment, the whole padded to the largest), and the kernel's from BTF.
 * A script's declaration takes precedence over the kernel's struct of the same name, as in
 * bpftrace. The kernel's BTF is decoded only when a struct the script does not declare is asked
 * for.
 */
final class StructLayouts {
    /** A member: its type and where it lies. */
    record Member(String name, Type type, MemberLayout layout) {}

    private final Map<String, Type.Struct> types = new HashMap<>();
    private final Map<String, List<Member>> members = new HashMap<>();
    private final Supplier<Optional<KernelTypes>> kernelTypes;
    private Optional<KernelTypes> decoded;

    /** {@code kernelTypes} is asked at most once, and only when a kernel type is needed. */
    StructLayouts(Supplier<Optional<KernelTypes>> kernelTypes) {
        this.kernelTypes = kernelTypes;
    }

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
            laid.add(new Member(member.name(), type, MemberLayout.whole(offset)));
            offset += size;
            alignment = Math.max(alignment, align);
        }
        int size = (offset + alignment - 1) / alignment * alignment;
        types.put(decl.name(), new Type.Struct(decl.name(), size));
        members.put(decl.name(), List.copyOf(laid));
    }

    /** The kernel's types, decoded on first use; empty when the target has no BTF. */
    Optional<KernelTypes> kernel() {
        if (decoded == null) decoded = kernelTypes.get();
        return decoded;
    }

    Optional<Type.Struct> find(String name) {
        Type.Struct declared = types.get(name);
        if (declared != null) return Optional.of(declared);
        return kernel().flatMap(btf -> kernelStructId(btf, name).map(id -> (Type.Struct) new BtfTypeReader(btf).read(id)));
    }

    Optional<Member> member(String struct, String name) {
        if (types.containsKey(struct)) {
            return members.get(struct).stream().filter(m -> m.name().equals(name)).findFirst();
        }
        return kernel().flatMap(btf -> kernelStructId(btf, struct)
                .flatMap(id -> btf.member(id, name))
                .map(m -> new Member(name, new BtfTypeReader(btf).read(m.type()), layout(m))));
    }

    /** Every member of a struct, in declaration order; anonymous members have an empty name. */
    List<Member> members(String struct) {
        if (types.containsKey(struct)) return members.get(struct);
        return kernel().flatMap(btf -> kernelStructId(btf, struct).map(id -> btf.members(id).stream()
                        .map(m -> new Member(m.name(), new BtfTypeReader(btf).read(m.type()), layout(m))).toList()))
                .orElse(List.of());
    }

    /** The names of a struct's members, for a diagnostic's help. */
    List<String> memberNames(String struct) {
        if (types.containsKey(struct)) return members.get(struct).stream().map(Member::name).toList();
        return kernel().flatMap(btf -> kernelStructId(btf, struct))
                .map(id -> kernel().get().members(id).stream().map(BtfType.Member::name).filter(n -> !n.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Whether the members of the struct are known (declared in the script or described by BTF). */
    boolean isKnown(String struct) {
        return find(struct).isPresent();
    }

    /** The value of a kernel enum constant such as {@code TCP_FIN_WAIT1}. */
    OptionalLong enumerator(String name) {
        return kernel().map(btf -> btf.enumerator(name)).orElse(OptionalLong.empty());
    }

    private static Optional<Integer> kernelStructId(KernelTypes btf, String name) {
        return BtfTypeReader.anonymousId(name).or(() -> btf.structId(name)).or(() -> btf.unionId(name));
    }

    /**
     * A bitfield is loaded as the smallest power-of-two run of bytes that holds it, so reads stay
     * inside the member's storage unit when it is naturally placed.
     */
    private static MemberLayout layout(BtfType.Member member) {
        if (member.bitfieldSize() == 0) return MemberLayout.whole(member.bitOffset() / 8);
        int firstByte = member.bitOffset() / 8;
        int shift = member.bitOffset() % 8;
        int bytes = (shift + member.bitfieldSize() + 7) / 8;
        int load = bytes <= 1 ? 1 : bytes <= 2 ? 2 : bytes <= 4 ? 4 : 8;
        return new MemberLayout(firstByte, shift, member.bitfieldSize(), load);
    }

    static Type memberType(TypeName name, CTypeReader reader) {
        Type type = reader.base(name.base(), Type.AddressSpace.KERNEL);
        for (int i = 0; i < name.pointerDepth(); i++) type = new Type.Pointer(type, Type.AddressSpace.KERNEL);
        if (name.arrayLength() > 0) {
            // only plain char arrays are strings (clang's Char_S/Char_U); signed and unsigned char arrays are arrays
            boolean isChar = type instanceof Type.Int i && i.size() == 1 && name.base().equals("char");
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

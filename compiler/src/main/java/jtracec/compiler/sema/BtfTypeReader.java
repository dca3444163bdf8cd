package jtracec.compiler.sema;

import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.object.Signedness;

/**
 * Reads the kernel's BTF types as script types: integers and enums as {@link Type.Int}, char
 * arrays as strings (bpftrace prints them so), structs and unions by name, pointers into kernel
 * memory. An anonymous struct reached through a named member gets a name that
 * {@link StructLayouts} resolves back to its BTF id.
 */
final class BtfTypeReader {
    private static final String ANONYMOUS = "(anonymous ";

    private final KernelTypes btf;

    BtfTypeReader(KernelTypes btf) {
        this.btf = btf;
    }

    Type read(int id) {
        int resolved = btf.resolve(id);
        return switch (btf.type(resolved)) {
            case BtfType.Void v -> Type.VOID;
            case BtfType.Int i -> integer(i.size(), i.isSigned() || i.name().equals("char"));
            case BtfType.Enum e -> integer(e.size(), e.isSigned());
            case BtfType.Float f -> new Type.Array(new Type.Int(1, Signedness.UNSIGNED), f.size());
            case BtfType.Pointer p -> new Type.Pointer(pointee(p.target()), Type.AddressSpace.KERNEL);
            case BtfType.Array a -> array(a);
            case BtfType.Struct s -> new Type.Struct(s.name().isEmpty() ? anonymousName(resolved) : s.name(), s.size());
            case BtfType.Forward f -> btf.structId(f.name()).or(() -> btf.unionId(f.name()))
                    .map(this::read).orElseGet(() -> new Type.Struct(f.name(), 0));
            default -> Type.VOID;  // functions and prototypes: only ever pointed to
        };
    }

    private Type pointee(int id) {
        return btf.type(btf.resolve(id)) instanceof BtfType.FunctionProto ? Type.VOID : read(id);
    }

    private Type array(BtfType.Array array) {
        Type element = read(array.element());
        if (element instanceof Type.Int i && i.size() == 1 && isCharacter(array.element())) return new Type.Str(array.length());
        return new Type.Array(element, array.length());
    }

    /** Only plain {@code char} arrays are strings, as in bpftrace 0.17 (clang_parser.cpp: Char_S, Char_U); u8[16] is an array. */
    private boolean isCharacter(int id) {
        return btf.type(btf.resolve(id)) instanceof BtfType.Int i && i.name().equals("char");
    }

    private static Type integer(int size, boolean isSigned) {
        var signedness = isSigned ? Signedness.SIGNED : Signedness.UNSIGNED;
        return switch (size) {
            case 1, 2, 4, 8 -> new Type.Int(size, signedness);
            default -> new Type.Array(new Type.Int(1, Signedness.UNSIGNED), size);
        };
    }

    static String anonymousName(int id) {
        return ANONYMOUS + id + ")";
    }

    /** The BTF id an {@link #anonymousName} stands for. */
    static java.util.Optional<Integer> anonymousId(String name) {
        if (!name.startsWith(ANONYMOUS) || !name.endsWith(")")) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(Integer.parseInt(name.substring(ANONYMOUS.length(), name.length() - 1)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}

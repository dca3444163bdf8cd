package jtracec.compiler.sema;

import java.util.Map;
import java.util.Optional;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.object.Signedness;

/**
 * Reads C type names as they appear in tracepoint formats and script struct declarations
 * ({@code const char *}, {@code unsigned long}, {@code char comm[16]}, {@code struct sock *}).
 */
final class CTypeReader {
    private static final Map<String, Type.Int> INTEGERS = Map.ofEntries(
            Map.entry("char", new Type.Int(1, Signedness.SIGNED)), Map.entry("signed char", new Type.Int(1, Signedness.SIGNED)),
            Map.entry("unsigned char", new Type.Int(1, Signedness.UNSIGNED)), Map.entry("bool", new Type.Int(1, Signedness.UNSIGNED)),
            Map.entry("_Bool", new Type.Int(1, Signedness.UNSIGNED)),
            Map.entry("short", new Type.Int(2, Signedness.SIGNED)), Map.entry("short int", new Type.Int(2, Signedness.SIGNED)),
            Map.entry("unsigned short", new Type.Int(2, Signedness.UNSIGNED)), Map.entry("umode_t", new Type.Int(2, Signedness.UNSIGNED)),
            Map.entry("int", Type.INT32), Map.entry("signed int", Type.INT32), Map.entry("signed", Type.INT32),
            Map.entry("unsigned int", Type.UINT32), Map.entry("unsigned", Type.UINT32),
            Map.entry("long", Type.INT64), Map.entry("long int", Type.INT64), Map.entry("long long", Type.INT64),
            Map.entry("unsigned long", Type.UINT64), Map.entry("unsigned long long", Type.UINT64),
            Map.entry("pid_t", Type.INT32), Map.entry("uid_t", Type.UINT32), Map.entry("gid_t", Type.UINT32),
            Map.entry("size_t", Type.UINT64), Map.entry("ssize_t", Type.INT64), Map.entry("loff_t", Type.INT64),
            Map.entry("dev_t", Type.UINT32), Map.entry("sector_t", Type.UINT64), Map.entry("gfp_t", Type.UINT32),
            Map.entry("int8", new Type.Int(1, Signedness.SIGNED)), Map.entry("uint8", new Type.Int(1, Signedness.UNSIGNED)),
            Map.entry("int16", new Type.Int(2, Signedness.SIGNED)), Map.entry("uint16", new Type.Int(2, Signedness.UNSIGNED)),
            Map.entry("int32", Type.INT32), Map.entry("uint32", Type.UINT32),
            Map.entry("int64", Type.INT64), Map.entry("uint64", Type.UINT64),
            Map.entry("s8", new Type.Int(1, Signedness.SIGNED)), Map.entry("u8", new Type.Int(1, Signedness.UNSIGNED)),
            Map.entry("s16", new Type.Int(2, Signedness.SIGNED)), Map.entry("u16", new Type.Int(2, Signedness.UNSIGNED)),
            Map.entry("s32", Type.INT32), Map.entry("u32", Type.UINT32), Map.entry("s64", Type.INT64), Map.entry("u64", Type.UINT64),
            Map.entry("__s8", new Type.Int(1, Signedness.SIGNED)), Map.entry("__u8", new Type.Int(1, Signedness.UNSIGNED)),
            Map.entry("__s16", new Type.Int(2, Signedness.SIGNED)), Map.entry("__u16", new Type.Int(2, Signedness.UNSIGNED)),
            Map.entry("__s32", Type.INT32), Map.entry("__u32", Type.UINT32), Map.entry("__s64", Type.INT64), Map.entry("__u64", Type.UINT64),
            Map.entry("int8_t", new Type.Int(1, Signedness.SIGNED)), Map.entry("uint8_t", new Type.Int(1, Signedness.UNSIGNED)),
            Map.entry("int16_t", new Type.Int(2, Signedness.SIGNED)), Map.entry("uint16_t", new Type.Int(2, Signedness.UNSIGNED)),
            Map.entry("int32_t", Type.INT32), Map.entry("uint32_t", Type.UINT32),
            Map.entry("int64_t", Type.INT64), Map.entry("uint64_t", Type.UINT64));

    private final StructLayouts structs;

    CTypeReader(StructLayouts structs) {
        this.structs = structs;
    }

    /** An integer type by its C or bpftrace name (casts accept {@code uint8} ... {@code int64}). */
    static Optional<Type.Int> integer(String name) {
        return Optional.ofNullable(INTEGERS.get(normalise(name)));
    }

    /** The type of a tracepoint field; pointers point into {@code space}. */
    Type field(TracepointField field, Type.AddressSpace space) {
        String cType = normalise(field.cType());
        if (cType.startsWith("__data_loc")) return Type.UINT32;
        int bracket = cType.indexOf('[');
        if (bracket >= 0) {
            String element = cType.substring(0, bracket).trim();
            Type elementType = base(element, space);
            int elementSize = sizeOf(elementType);
            int length = elementSize > 0 ? field.size() / elementSize : 0;
            if (elementType instanceof Type.Int i && i.size() == 1 && element.endsWith("char")) return new Type.Str(field.size());
            return new Type.Array(elementType, length);
        }
        if (cType.endsWith("*")) return pointer(cType, space);
        Type base = base(cType, space);
        if (base instanceof Type.Int) {
            return field.size() == 1 || field.size() == 2 || field.size() == 4 || field.size() == 8
                    ? new Type.Int(field.size(), field.isSigned() ? jtracec.spec.object.Signedness.SIGNED : jtracec.spec.object.Signedness.UNSIGNED)
                    : base;
        }
        return base;
    }

    /** A type written with pointer stars, e.g. {@code struct sock *} or {@code const char **}. */
    Type pointer(String cType, Type.AddressSpace space) {
        String text = normalise(cType);
        int stars = 0;
        while (text.endsWith("*")) {
            stars++;
            text = text.substring(0, text.length() - 1).trim();
        }
        Type type = base(text, space);
        for (int i = 0; i < stars; i++) type = new Type.Pointer(type, space);
        return type;
    }

    /** A type without pointer stars or array brackets; unknown names are structs of unknown size. */
    Type base(String name, Type.AddressSpace space) {
        String text = normalise(name);
        Optional<Type.Int> integer = integer(text);
        if (integer.isPresent()) return integer.get();
        if (text.equals("void")) return Type.VOID;
        String structName = text.replaceFirst("^(struct|union|enum)\\s+", "");
        if (text.startsWith("enum ")) return Type.INT32;
        return structs.find(structName).orElseGet(() -> new Type.Struct(structName, 0));
    }

    static int sizeOf(Type type) {
        return switch (type) {
            case Type.Int i -> i.size();
            case Type.Str s -> s.size();
            case Type.Buffer b -> b.size();
            case Type.Pointer p -> 8;
            case Type.Struct s -> s.size();
            case Type.Array a -> a.length() * sizeOf(a.element());
            case Type.Tuple t -> t.elements().stream().mapToInt(CTypeReader::sizeOf).sum();
            case Type.Stack s -> 8;
            case Type.KernelSymbol k -> 8;
            case Type.UserSymbol u -> 16;
            case Type.Inet i -> 24;
            case Type.MacAddress m -> 6;
            case Type.Timestamp t -> 16;
            case Type.Aggregate a -> 8;
            case Type.Context c -> 8;
            case Type.Void v -> 0;
            case Type.Error e -> 0;
        };
    }

    private static String normalise(String cType) {
        return cType.replaceAll("\\b(const|volatile|__user|__rcu|__percpu|__iomem)\\b", " ")
                .replaceAll("\\s*\\*", " *").replaceAll("\\s+", " ").trim().replace(" *", "*").replace("*", " *").trim();
    }
}

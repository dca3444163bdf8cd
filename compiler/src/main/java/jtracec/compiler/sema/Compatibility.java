package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.Optional;

/**
 * Whether a value of one type may go where another was stored before (a map value or key, a
 * scratch variable), and the type the place has afterwards. Ints mix with ints (the first
 * signedness stays); strings and buffers mix with their kind and grow to the larger size.
 */
final class Compatibility {
    private Compatibility() {
    }

    static Optional<Type> merge(Type existing, Type incoming) {
        if (existing instanceof Type.Error || incoming instanceof Type.Error) return Optional.of(existing);
        return switch (existing) {
            case Type.Int e when incoming instanceof Type.Int i -> Optional.of(e.size() >= i.size() ? e : new Type.Int(i.size(), e.signedness()));
            case Type.Int e when incoming instanceof Type.Pointer -> Optional.of(e);
            case Type.Pointer e when incoming instanceof Type.Int -> Optional.of(e);
            case Type.Pointer e when incoming instanceof Type.Pointer -> Optional.of(e);
            case Type.Str e when incoming instanceof Type.Str i -> Optional.of(new Type.Str(Math.max(e.size(), i.size())));
            case Type.Buffer e when incoming instanceof Type.Buffer i -> Optional.of(new Type.Buffer(Math.max(e.size(), i.size())));
            case Type.Tuple e when incoming instanceof Type.Tuple i && e.elements().size() == i.elements().size() -> {
                var merged = new ArrayList<Type>();
                for (int k = 0; k < e.elements().size(); k++) {
                    Optional<Type> element = merge(e.elements().get(k), i.elements().get(k));
                    if (element.isEmpty()) yield Optional.empty();
                    merged.add(element.get());
                }
                yield Optional.of(new Type.Tuple(merged));
            }
            case Type.Aggregate e when incoming instanceof Type.Aggregate i
                    && e.kind() == i.kind() && e.parameters().equals(i.parameters()) -> Optional.of(e);
            default -> existing.equals(incoming) ? Optional.of(existing) : Optional.empty();
        };
    }

    /** How a type reads in a message: {@code uint64}, {@code string[16]}, {@code struct sock *}. */
    static String describe(Type type) {
        return switch (type) {
            case Type.Int i -> (i.signedness() == jtracec.spec.object.Signedness.UNSIGNED ? "uint" : "int") + (i.size() * 8);
            case Type.Str s -> "string[%d]".formatted(s.size());
            case Type.Buffer b -> "buffer[%d]".formatted(b.size());
            case Type.Pointer p -> describe(p.pointee()) + " *";
            case Type.Struct s -> "struct " + s.name();
            case Type.Array a -> describe(a.element()) + "[" + a.length() + "]";
            case Type.Tuple t -> t.elements().stream().map(Compatibility::describe)
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
            case Type.Stack s -> s.kind() == jtracec.spec.object.FieldType.StackKind.KERNEL ? "kstack" : "ustack";
            case Type.KernelSymbol k -> "ksym";
            case Type.UserSymbol u -> "usym";
            case Type.Inet i -> "inet";
            case Type.MacAddress m -> "mac_address";
            case Type.Timestamp t -> "timestamp";
            case Type.Aggregate a -> a.kind().name().toLowerCase(java.util.Locale.ROOT) + "()";
            case Type.Context c -> "args";
            case Type.Void v -> "void";
            case Type.Error e -> "<error>";
        };
    }
}

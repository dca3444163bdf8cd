package jtracec.spec.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A kernel's C types as its BTF describes them, indexed by id and by name: the struct layouts that
 * {@code ->} navigates, the enum constants that scripts name, and the signatures of kernel functions
 * (kfunc arguments). Built from decoded {@link BtfType}s; decoding the binary format is the loader's.
 */
public final class KernelTypes {
    private final List<BtfType> types;
    private final Map<String, Integer> structs = new HashMap<>();
    private final Map<String, Integer> unions = new HashMap<>();
    private final Map<String, Integer> typedefs = new HashMap<>();
    private final Map<String, Integer> enums = new HashMap<>();
    private final Map<String, Integer> functions = new HashMap<>();
    private final Map<String, Long> enumerators = new HashMap<>();

    /** {@code types.get(i)} is type id {@code i}; entry 0 must be {@link BtfType.Void}. */
    public KernelTypes(List<BtfType> types) {
        if (types.isEmpty() || !(types.get(0) instanceof BtfType.Void)) throw new IllegalArgumentException("type 0 must be void");
        this.types = List.copyOf(types);
        for (int id = 1; id < this.types.size(); id++) index(id, this.types.get(id));
    }

    private void index(int id, BtfType type) {
        switch (type) {
            // the first complete definition wins; BTF dedup leaves one per name in vmlinux
            case BtfType.Struct s when !s.name().isEmpty() -> (s.isUnion() ? unions : structs).putIfAbsent(s.name(), id);
            case BtfType.Typedef t -> typedefs.putIfAbsent(t.name(), id);
            case BtfType.Enum e -> {
                if (!e.name().isEmpty()) enums.putIfAbsent(e.name(), id);
                for (var value : e.values()) enumerators.putIfAbsent(value.name(), value.value());
            }
            case BtfType.Function f -> functions.putIfAbsent(f.name(), id);
            default -> { }
        }
    }

    /** An empty table: a kernel with no BTF. */
    public static KernelTypes empty() {
        return new KernelTypes(List.of(new BtfType.Void()));
    }

    public int size() {
        return types.size();
    }

    public BtfType type(int id) {
        if (id < 0 || id >= types.size()) throw new IllegalArgumentException("no BTF type " + id);
        return types.get(id);
    }

    public Optional<Integer> structId(String name) {
        return Optional.ofNullable(structs.get(name));
    }

    public Optional<Integer> unionId(String name) {
        return Optional.ofNullable(unions.get(name));
    }

    public Optional<Integer> typedefId(String name) {
        return Optional.ofNullable(typedefs.get(name));
    }

    public Optional<Integer> enumId(String name) {
        return Optional.ofNullable(enums.get(name));
    }

    /** The value of an enumerator such as {@code TCP_FIN_WAIT1}. */
    public OptionalLong enumerator(String name) {
        var value = enumerators.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** The id of a kernel function's BTF_KIND_FUNC, the attach target fentry/fexit programs name. */
    public Optional<Integer> functionId(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** A function's signature, if BTF describes it. */
    public Optional<BtfType.FunctionProto> signature(String function) {
        return functionId(function).map(id -> (BtfType.Function) type(id))
                .map(f -> type(f.proto()))
                .filter(BtfType.FunctionProto.class::isInstance)
                .map(BtfType.FunctionProto.class::cast);
    }

    /** Follows typedefs and qualifiers to the type they stand for. */
    public int resolve(int id) {
        int current = id;
        for (int guard = 0; guard < 64; guard++) {
            switch (type(current)) {
                case BtfType.Typedef t -> current = t.type();
                case BtfType.Qualifier q -> current = q.type();
                default -> { return current; }
            }
        }
        throw new IllegalStateException("typedef cycle at BTF type " + id);
    }

    /** The size in bytes of a type, as C's sizeof (0 for void, functions and forward declarations). */
    public long sizeOf(int id) {
        return switch (type(resolve(id))) {
            case BtfType.Int i -> i.size();
            case BtfType.Float f -> f.size();
            case BtfType.Pointer p -> 8;
            case BtfType.Enum e -> e.size();
            case BtfType.Struct s -> s.size();
            case BtfType.Array a -> a.length() * sizeOf(a.element());
            default -> 0;
        };
    }

    /**
     * The members of a struct or union with anonymous members flattened in, as C lets a program
     * name them: {@code sk->sk_family} reaches through {@code struct sock_common __sk_common}'s
     * anonymous unions. Offsets are in bits from the start of {@code structId}.
     */
    public List<BtfType.Member> members(int structId) {
        var flat = new ArrayList<BtfType.Member>();
        flatten(resolve(structId), 0, flat);
        return flat;
    }

    private void flatten(int structId, int baseBits, List<BtfType.Member> into) {
        if (!(type(structId) instanceof BtfType.Struct struct)) return;
        for (var member : struct.members()) {
            int offset = baseBits + member.bitOffset();
            if (member.name().isEmpty() && type(resolve(member.type())) instanceof BtfType.Struct) {
                flatten(resolve(member.type()), offset, into);
            } else {
                into.add(new BtfType.Member(member.name(), member.type(), offset, member.bitfieldSize()));
            }
        }
    }

    /** A named member of a struct or union (anonymous members searched), if it has one. */
    public Optional<BtfType.Member> member(int structId, String name) {
        return members(structId).stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The C spelling of a type, as a diagnostic would show it: {@code struct sock *}, {@code u32}. */
    public String spell(int id) {
        return switch (type(id)) {
            case BtfType.Void v -> "void";
            case BtfType.Pointer p -> spell(p.target()) + " *";
            case BtfType.Array a -> spell(a.element()) + "[" + a.length() + "]";
            case BtfType.Struct s -> (s.isUnion() ? "union " : "struct ") + (s.name().isEmpty() ? "(anonymous)" : s.name());
            case BtfType.Forward f -> (f.isUnion() ? "union " : "struct ") + f.name();
            case BtfType.Enum e -> "enum " + (e.name().isEmpty() ? "(anonymous)" : e.name());
            case BtfType.Qualifier q -> q.kind() == BtfType.QualifierKind.TYPE_TAG ? spell(q.type())
                    : q.kind().name().toLowerCase() + " " + spell(q.type());
            case BtfType.FunctionProto f -> "function";
            default -> type(id).name();
        };
    }
}

package jtracec.compiler.sema;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Program;
import jtracec.spec.object.FieldType;

/**
 * A program after semantic analysis: every expression has a type (keyed by node identity),
 * every map has fixed key and value types, every probe is expanded to concrete attach points.
 * Lowering may rely on all of it without re-checking.
 */
public final class TypedProgram {
    private final Program program;
    private final List<TypedProbe> probes;
    private final List<MapInfo> maps;
    private final Map<Expr, Type> types;
    private final Map<Expr.SizeofType, Type> sizeofOperands;
    private final List<String> positionalParams;
    private final Map<Expr, MemberLayout> members;
    private final Map<Expr, Long> constants;
    private final Map<Expr, Map<String, Long>> userAddresses;
    private final Function<String, Optional<FieldType>> structValues;

    public TypedProgram(Program program, List<TypedProbe> probes, List<MapInfo> maps,
                        IdentityHashMap<Expr, Type> types, IdentityHashMap<Expr.SizeofType, Type> sizeofOperands,
                        List<String> positionalParams) {
        this(program, probes, maps, types, sizeofOperands, positionalParams, new IdentityHashMap<>(), new IdentityHashMap<>(),
                new IdentityHashMap<>(), name -> Optional.empty());
    }

    public TypedProgram(Program program, List<TypedProbe> probes, List<MapInfo> maps,
                        IdentityHashMap<Expr, Type> types, IdentityHashMap<Expr.SizeofType, Type> sizeofOperands,
                        List<String> positionalParams, IdentityHashMap<Expr, MemberLayout> members,
                        IdentityHashMap<Expr, Long> constants, IdentityHashMap<Expr, Map<String, Long>> userAddresses,
                        Function<String, Optional<FieldType>> structValues) {
        this.structValues = structValues;
        this.members = Collections.unmodifiableMap(new IdentityHashMap<>(members));
        this.constants = Collections.unmodifiableMap(new IdentityHashMap<>(constants));
        this.userAddresses = Collections.unmodifiableMap(new IdentityHashMap<>(userAddresses));
        this.program = program;
        this.probes = List.copyOf(probes);
        this.maps = List.copyOf(maps);
        this.types = Collections.unmodifiableMap(new IdentityHashMap<>(types));
        this.sizeofOperands = Collections.unmodifiableMap(new IdentityHashMap<>(sizeofOperands));
        this.positionalParams = List.copyOf(positionalParams);
    }

    public Program program() { return program; }

    public List<TypedProbe> probes() { return probes; }

    public List<MapInfo> maps() { return maps; }

    public List<String> positionalParams() { return positionalParams; }

    public Type typeOf(Expr expr) {
        Type type = types.get(expr);
        if (type == null) throw new IllegalStateException("bug: no type for " + expr);
        return type;
    }

    /** The type {@code sizeof(type)} names; the expression itself is a u64. */
    public Type sizeofOperand(Expr.SizeofType sizeof) {
        Type type = sizeofOperands.get(sizeof);
        if (type == null) throw new IllegalStateException("bug: no operand type for " + sizeof);
        return type;
    }

    /** Where the struct member a field access reads lies; empty for tracepoint {@code args} fields. */
    public Optional<MemberLayout> memberLayout(Expr.FieldAccess access) {
        return Optional.ofNullable(members.get(access));
    }

    /** Where in a kfunc's context {@code retval} lies: after the function's arguments. */
    public Optional<MemberLayout> returnValueLayout(Expr.Builtin retval) {
        return Optional.ofNullable(members.get(retval));
    }

    /**
     * The value sema fixed for an expression: a kernel enum constant's, or a call resolved at
     * compile time as bpftrace 0.17 resolves it ({@code kaddr}, {@code cgroupid}, {@code cpid}).
     */
    public Optional<Long> constant(Expr expression) {
        return Optional.ofNullable(constants.get(expression));
    }

    /** {@code uaddr("name")}: the symbol's address in {@code binary}, the binary of one of its probe's attach points. */
    public Optional<Long> userAddress(Expr.Call uaddr, String binary) {
        return Optional.ofNullable(userAddresses.getOrDefault(uaddr, Map.of()).get(binary));
    }

    /** How a whole value of the struct is stored and printed; empty when a member has no printed form yet. */
    public Optional<FieldType> structValue(Type.Struct struct) {
        return structValues.apply(struct.name());
    }

    public MapInfo map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("bug: unknown map @" + name));
    }
}

package jtracec.compiler.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which script variables ({@code $x}) each SSA value was assigned to, recorded by lowering and
 * carried through the passes so codegen can say where each variable lives. Debug info only: no
 * pass reads it to decide anything. A value keeps its names while it lives, also after the
 * variable is assigned again (then the name is shared with the newer value's).
 */
public record VariableNames(Map<Value, List<String>> names) {
    public VariableNames {
        names = Map.copyOf(names);
    }

    public static VariableNames none() {
        return new VariableNames(Map.of());
    }

    /** The names of {@code v}, sorted; empty if no variable was ever assigned it. */
    public List<String> of(Value v) {
        return names.getOrDefault(v, List.of());
    }

    /** The names with one more: {@code name} given to {@code v}. */
    public VariableNames with(Value v, String name) {
        var all = new TreeSet<>(of(v));
        if (!all.add(name)) return this;
        var copy = new HashMap<>(names);
        copy.put(v, List.copyOf(all));
        return new VariableNames(copy);
    }

    /**
     * After a pass replaced values ({@code replacement} gives each replaced value's stand-in, after
     * following chains): the names of a replaced value go to its stand-in.
     */
    public VariableNames replaced(java.util.function.UnaryOperator<Value> replacement) {
        var out = new HashMap<Value, TreeSet<String>>();
        names.forEach((value, list) -> out.computeIfAbsent(replacement.apply(value), k -> new TreeSet<>()).addAll(list));
        var result = new HashMap<Value, List<String>>();
        out.forEach((value, set) -> result.put(value, List.copyOf(set)));
        return new VariableNames(result);
    }
}

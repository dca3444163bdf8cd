package jtracec.spec.source;

import java.util.List;

/**
 * One place holding the value of one or more script variables ({@code $x = $y} makes both names
 * one value), as {@link VariableTable} records it per instruction.
 */
public record VariableLocation(Place place, List<String> names) {
    public VariableLocation {
        names = List.copyOf(names);
        if (names.isEmpty()) throw new IllegalArgumentException("bug: a variable location without a name");
    }

    /** Where the value is: a register, or the 8 bytes at {@code fp + offset}. */
    public sealed interface Place {}

    public record Register(int reg) implements Place {}

    public record Stack(int offset) implements Place {}

    /** The names as a counterexample shows them: {@code $x}, or {@code $x = $y} for one value with two names. */
    public String name() {
        return String.join(" = ", names);
    }

    public String describe() {
        return name() + " in " + switch (place) {
            case Register r -> "r" + r.reg();
            case Stack s -> "fp" + s.offset();
        };
    }
}

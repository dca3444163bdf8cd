package jtracec.verifier.obligation;

import java.util.List;
import java.util.stream.Collectors;
import jtracec.verifier.state.Origin;

/**
 * Concrete values, from a solver model, under which an obligation fails: register values at the
 * failing instruction and a remark about the region involved. Rendered as a diagnostic note:
 * {@code when r3 = 72, offset = 72 (map @buf value size is 64 bytes)}. The inputs (context bytes,
 * helper results) reproduce the run in the interpreter.
 */
public record Counterexample(List<Binding> bindings, String context, List<Input> inputs) {
    public Counterexample {
        bindings = List.copyOf(bindings);
        inputs = List.copyOf(inputs);
    }

    /** The value of one program input in the violating run, for replaying it in the interpreter. */
    public record Input(Origin origin, long value) {}

    public record Binding(String name, long value) {
        public String render() {
            return value >= -4096 && value <= 1L << 32 ? name + " = " + value : name + " = 0x" + Long.toHexString(value);
        }
    }

    public String render() {
        String values = bindings.stream().map(Binding::render).collect(Collectors.joining(", "));
        if (values.isEmpty()) return context.isEmpty() ? "on some path" : "on some path (" + context + ")";
        return context.isEmpty() ? "when " + values : "when " + values + " (" + context + ")";
    }
}

package jtracec.spec.object;

import java.util.List;

/**
 * The BEGIN probes of a script whose effect depends on nothing but constants (a banner printf, a
 * header of column names), run by the compiler instead of loaded: the event records they send, in
 * order. The loader dispatches them where it would run BEGIN, so the output is the same while no
 * program is loaded, verified or run for them. BEGIN still counts as a probe ("Attaching N probes").
 */
public record EvaluatedBegin(List<byte[]> events) {
    public EvaluatedBegin {
        events = events.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> events() {
        return events.stream().map(byte[]::clone).toList();
    }
}

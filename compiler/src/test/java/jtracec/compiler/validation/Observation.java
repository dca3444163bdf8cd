package jtracec.compiler.validation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What running a script on a sequence of events leaves behind, in the script's terms: every map's
 * entries (CPUs combined) and every record sent to user space, in order. Two runs mean the same
 * when their observations are equal; {@link #render} is a stable text for messages and goldens.
 */
record Observation(Map<String, Map<List<Scalar>, MapValue>> maps, List<Emitted> events) {
    Observation {
        var copied = new TreeMap<String, Map<List<Scalar>, MapValue>>();
        maps.forEach((name, entries) -> {
            if (!entries.isEmpty()) copied.put(name, Map.copyOf(entries));
        });
        maps = copied;
        events = List.copyOf(events);
    }

    String render() {
        var text = new StringBuilder();
        maps.forEach((name, entries) -> entries.entrySet().stream()
                .map(e -> name + keyText(e.getKey()) + ": " + e.getValue())
                .sorted(Comparator.naturalOrder())
                .forEach(line -> text.append(line).append('\n')));
        for (Emitted event : events) text.append("> ").append(eventText(event)).append('\n');
        return text.toString();
    }

    private static String eventText(Emitted event) {
        return switch (event) {
            case Emitted.Printf p -> "printf(\"%s\"%s)".formatted(p.format().replace("\n", "\\n"),
                    p.args().stream().map(a -> ", " + a).collect(Collectors.joining()));
            case Emitted.Exit e -> "exit()";
            case Emitted.MapAction a -> "%s(%s)".formatted(a.action(), a.map());
        };
    }

    private static String keyText(List<Scalar> key) {
        return key.isEmpty() ? "" : key.stream().map(Scalar::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}

package jtracec.spec.kernel;

import java.util.List;
import java.util.Optional;

/** A tracepoint's id and record layout, as tracefs {@code events/<category>/<name>/format} gives it. */
public record TracepointFormat(String category, String name, int id, List<TracepointField> fields) {
    public TracepointFormat {
        fields = List.copyOf(fields);
    }

    public Optional<TracepointField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }
}

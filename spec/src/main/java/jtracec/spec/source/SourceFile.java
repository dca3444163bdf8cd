package jtracec.spec.source;

import java.util.List;
import java.util.Optional;

/** The text of one script (or `-e` program), kept so diagnostics can quote the offending line. */
public record SourceFile(String name, String text) {
    public Optional<String> line(int number) {
        List<String> lines = text.lines().toList();
        return number >= 1 && number <= lines.size() ? Optional.of(lines.get(number - 1)) : Optional.empty();
    }
}

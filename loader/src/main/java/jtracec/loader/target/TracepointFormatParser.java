package jtracec.loader.target;

import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Pattern;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;

/**
 * Parses a tracefs {@code events/<category>/<name>/format} file (kernel/trace/trace_events.c,
 * f_show()): the {@code ID:} line and one {@code field:<declaration>; offset:N; size:N; signed:N;}
 * line per field. A field's C type is its declaration without the name, array bounds kept:
 * {@code char comm[16]} gives type {@code char[16]}.
 */
public final class TracepointFormatParser {
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");
    private static final Pattern DECLARATION = Pattern.compile("^(.*?)\\s*\\b([A-Za-z_][A-Za-z0-9_]*)\\s*((?:\\[[^]]*])*)$");

    public Optional<TracepointFormat> parse(String category, String name, String text) {
        int id = -1;
        var fields = new ArrayList<TracepointField>();
        for (var line : text.split("\n")) {
            if (line.startsWith("ID:")) {
                id = Integer.parseInt(line.substring(3).strip());
                continue;
            }
            var field = FIELD.matcher(line);
            if (!field.find()) continue;
            var declaration = DECLARATION.matcher(field.group(1).strip());
            if (!declaration.matches()) continue;
            fields.add(new TracepointField(declaration.group(2), (declaration.group(1) + declaration.group(3)).strip(),
                    Integer.parseInt(field.group(2)), Integer.parseInt(field.group(3)), field.group(4).equals("1")));
        }
        return id < 0 ? Optional.empty() : Optional.of(new TracepointFormat(category, name, id, fields));
    }
}

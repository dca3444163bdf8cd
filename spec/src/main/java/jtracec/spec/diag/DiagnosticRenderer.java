package jtracec.spec.diag;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;

/**
 * Renders diagnostics clang-style: {@code file:line:col: error[E0204]: message}, the source line
 * with its number, a caret under the first character and tildes under the rest of the span, then
 * notes and help. Tabs are expanded only for display, so columns stay in characters.
 */
public final class DiagnosticRenderer {
    private static final int TAB_WIDTH = 8;
    private final Map<String, SourceFile> files;

    public DiagnosticRenderer(List<SourceFile> files) {
        this.files = files.stream().collect(Collectors.toMap(SourceFile::name, Function.identity(), (a, b) -> a));
    }

    public String render(Diagnostic d) {
        var out = new StringBuilder();
        out.append(location(d.span())).append(d.severity().label())
                .append('[').append(d.code().id()).append("]: ").append(d.message()).append('\n');
        quote(d.span(), out);
        for (Note note : d.notes()) {
            note.span().ifPresentOrElse(span -> {
                out.append(location(span)).append("note: ").append(note.message()).append('\n');
                quote(span, out);
            }, () -> out.append("note: ").append(note.message()).append('\n'));
        }
        d.help().ifPresent(help -> out.append("help: ").append(help).append('\n'));
        return out.toString();
    }

    private static String location(SourceSpan span) {
        return span.isKnown() ? "%s:%d:%d: ".formatted(span.file(), span.line(), span.column()) : span.file() + ": ";
    }

    private void quote(SourceSpan span, StringBuilder out) {
        if (!span.isKnown()) return;
        SourceFile file = files.get(span.file());
        if (file == null) return;
        file.line(span.line()).ifPresent(text -> {
            String number = Integer.toString(span.line());
            String gutter = " ".repeat(number.length());
            out.append(' ').append(number).append(" | ").append(expandTabs(text)).append('\n');
            int start = displayColumn(text, span.column());
            int end = span.endLine() == span.line() ? displayColumn(text, span.endColumn()) : displayColumn(text, text.length() + 1);
            int width = Math.max(1, end - start);
            out.append(' ').append(gutter).append(" | ").append(" ".repeat(start - 1))
                    .append('^').append("~".repeat(width - 1)).append('\n');
        });
    }

    /** The 1-based display column of 1-based character column `column`, with tabs expanded. */
    private static int displayColumn(String text, int column) {
        int display = 1;
        for (int i = 0; i < column - 1 && i < text.length(); i++) {
            display = text.charAt(i) == '\t' ? ((display - 1) / TAB_WIDTH + 1) * TAB_WIDTH + 1 : display + 1;
        }
        return display + Math.max(0, column - 1 - text.length());
    }

    private static String expandTabs(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\t') {
                do out.append(' '); while (out.length() % TAB_WIDTH != 0);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

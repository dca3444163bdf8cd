package jtracec.spec.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.spec.source.SourceSpan;

/** One finding about a script or program, with one primary span. Immutable; `with*` returns a copy. */
public record Diagnostic(Severity severity, Code code, String message, SourceSpan span,
                         List<Note> notes, Optional<String> help) {
    public Diagnostic {
        notes = List.copyOf(notes);
    }

    public static Diagnostic error(Code code, SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, code, message, span, List.of(), Optional.empty());
    }

    public static Diagnostic warning(Code code, SourceSpan span, String message) {
        return new Diagnostic(Severity.WARNING, code, message, span, List.of(), Optional.empty());
    }

    public Diagnostic withNote(Note note) {
        var all = new ArrayList<>(notes);
        all.add(note);
        return new Diagnostic(severity, code, message, span, all, help);
    }

    public Diagnostic withNote(String note) {
        return withNote(Note.of(note));
    }

    public Diagnostic withHelp(String text) {
        return new Diagnostic(severity, code, message, span, notes, Optional.of(text));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}

package jtracec.spec.diag;

import java.util.Optional;
import jtracec.spec.source.SourceSpan;

/** A related remark attached to a diagnostic, with its own place when it has one. */
public record Note(String message, Optional<SourceSpan> span) {
    public static Note of(String message) {
        return new Note(message, Optional.empty());
    }

    public static Note at(SourceSpan span, String message) {
        return new Note(message, Optional.of(span));
    }
}

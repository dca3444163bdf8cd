package jtracec.compiler.ast;

import jtracec.spec.source.SourceSpan;

/**
 * An {@code #include <path>} or {@code #include "path"} line of the script; {@code isFound} says
 * whether the header was on the include path, so its integer #defines are known.
 */
public record Include(String path, boolean isSystem, boolean isFound, SourceSpan span) {
    public Include(String path, boolean isSystem, SourceSpan span) {
        this(path, isSystem, false, span);
    }
}

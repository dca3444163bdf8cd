package jtracec.compiler.ast;

import jtracec.spec.source.SourceSpan;

/** An {@code #include <path>} or {@code #include "path"} line of the script. */
public record Include(String path, boolean isSystem, SourceSpan span) {}

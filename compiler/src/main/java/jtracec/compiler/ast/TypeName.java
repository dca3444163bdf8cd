package jtracec.compiler.ast;

import jtracec.spec.source.SourceSpan;

/**
 * A type as written in a cast, sizeof or struct declaration: a base name ({@code uint32},
 * {@code struct task_struct}, {@code char}), pointer depth, and an array length or 0.
 */
public record TypeName(String base, int pointerDepth, int arrayLength, SourceSpan span) {}

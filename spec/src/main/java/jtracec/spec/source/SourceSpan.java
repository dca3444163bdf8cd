package jtracec.spec.source;

/**
 * A range of script text: 1-based line and column (in characters) of the first character, and
 * the line and column just past the last one. Synthesised code carries the span of the source
 * construct it was made for, so every instruction can be traced back to the script.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn) {
    public SourceSpan {
        if (line < 0 || column < 0 || endLine < line || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException("bug: bad span %d:%d-%d:%d".formatted(line, column, endLine, endColumn));
        }
    }

    /** A span for code with no source text at all (a hand-written or foreign program). */
    public static SourceSpan unknown(String file) {
        return new SourceSpan(file, 0, 0, 0, 0);
    }

    public boolean isKnown() {
        return line > 0;
    }

    /** The smallest span covering both; both must be in the same file. */
    public SourceSpan to(SourceSpan other) {
        if (!isKnown()) return other;
        if (!other.isKnown()) return this;
        boolean thisStarts = line < other.line || (line == other.line && column <= other.column);
        boolean thisEnds = endLine > other.endLine || (endLine == other.endLine && endColumn >= other.endColumn);
        return new SourceSpan(file,
                thisStarts ? line : other.line, thisStarts ? column : other.column,
                thisEnds ? endLine : other.endLine, thisEnds ? endColumn : other.endColumn);
    }

    @Override
    public String toString() {
        return isKnown() ? "%s:%d:%d".formatted(file, line, column) : file;
    }
}

package jtracec.compiler.syntax;

import jtracec.spec.source.SourceSpan;
import org.antlr.v4.runtime.Token;

/** The 1-based source span of a token, or of the macro invocation an expanded token came from. */
final class TokenSpan {
    private TokenSpan() {
    }

    static SourceSpan of(Token token, String file) {
        if (token instanceof ExpandedToken expanded) return expanded.origin();
        int line = token.getLine();
        int column = token.getCharPositionInLine() + 1;
        String text = token.getType() == Token.EOF ? "" : token.getText();
        int endLine = line;
        int endColumn = column;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                endLine++;
                endColumn = 1;
            } else {
                endColumn++;
            }
        }
        return new SourceSpan(file, line, column, endLine, endColumn);
    }

    /** From the start of {@code first} to the end of {@code last} (the whole span when they are out of order). */
    static SourceSpan between(Token first, Token last, String file) {
        SourceSpan start = of(first, file);
        if (last == null || last.getType() == Token.EOF && last.getTokenIndex() < first.getTokenIndex()) return start;
        return start.to(of(last, file));
    }
}

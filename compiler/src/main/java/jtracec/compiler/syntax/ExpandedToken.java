package jtracec.compiler.syntax;

import jtracec.spec.source.SourceSpan;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/** A token produced by a macro body: it stands for the whole macro invocation in diagnostics. */
final class ExpandedToken extends CommonToken {
    private final SourceSpan origin;

    ExpandedToken(Token body, SourceSpan origin) {
        super(body);
        this.origin = origin;
        setLine(origin.line());
        setCharPositionInLine(origin.column() - 1);
    }

    SourceSpan origin() {
        return origin;
    }
}

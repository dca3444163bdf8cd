package jtracec.compiler.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jtracec.grammar.BpfTraceLexer;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceSpan;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Sits between the lexer and the parser: reports lexical errors (and drops or repairs the bad
 * token so parsing goes on), and replaces identifiers naming a macro by the macro's tokens.
 * Tokens from a macro body carry the span of the invocation; tokens of arguments keep their own.
 */
final class MacroExpander implements TokenSource {
    private final BpfTraceLexer lexer;
    private final List<Macro> macros;
    private final String file;
    private final Diagnostics diags;
    private final Deque<Token> pending = new ArrayDeque<>();

    MacroExpander(BpfTraceLexer lexer, List<Macro> macros, String file, Diagnostics diags) {
        this.lexer = lexer;
        this.macros = List.copyOf(macros);
        this.file = file;
        this.diags = diags;
    }

    @Override
    public Token nextToken() {
        while (true) {
            // Expanded tokens were rescanned already and are returned as they are.
            if (!pending.isEmpty()) return pending.pop();
            Token token = raw();
            Optional<Macro> macro = token.getType() == BpfTraceLexer.IDENT
                    ? macroAt(token.getText(), token.getLine()) : Optional.empty();
            if (macro.isEmpty()) return token;
            pending.addAll(expand(macro.get(), token, this::raw, new HashSet<>()));
        }
    }

    private Optional<Macro> macroAt(String name, int line) {
        return macros.stream().filter(m -> m.name().equals(name) && m.isActiveAt(line)).findFirst();
    }

    /** The next token from the lexer, with lexical errors reported and their tokens dropped or repaired. */
    private Token raw() {
        while (true) {
            Token token = lexer.nextToken();
            switch (token.getType()) {
                case BpfTraceLexer.ERROR_CHAR, BpfTraceLexer.TOP_ERROR_CHAR -> diags.report(Diagnostic.error(
                        SyntaxCode.INVALID_CHARACTER, TokenSpan.of(token, file),
                        "invalid character '%s'".formatted(token.getText())));
                case BpfTraceLexer.UNTERMINATED_STRING -> {
                    diags.report(Diagnostic.error(SyntaxCode.UNTERMINATED_STRING, TokenSpan.of(token, file),
                                    "unterminated string literal")
                            .withHelp("close the string with \" on the same line"));
                    var repaired = new CommonToken(token);
                    repaired.setType(BpfTraceLexer.STRING);
                    repaired.setText(token.getText() + "\"");
                    return repaired;
                }
                default -> {
                    return token;
                }
            }
        }
    }

    private interface Supply {
        Token next();
    }

    private List<Token> expand(Macro macro, Token name, Supply rest, Set<String> hidden) {
        SourceSpan origin = TokenSpan.of(name, file);
        List<List<Token>> arguments = List.of();
        if (macro.parameters().isPresent()) {
            Token open = rest.next();
            if (open.getType() != BpfTraceLexer.LPAREN) {
                // A function-like macro's name without '(' is just an identifier.
                return List.of(name, open);
            }
            var collected = new ArrayList<List<Token>>();
            var current = new ArrayList<Token>();
            int depth = 1;
            Token last = open;
            while (true) {
                Token token = rest.next();
                if (token.getType() == Token.EOF) {
                    diags.report(Diagnostic.error(SyntaxCode.UNTERMINATED_MACRO_CALL, origin,
                            "call of macro %s has no closing parenthesis".formatted(macro.name())));
                    return List.of(token);
                }
                last = token;
                if (token.getType() == BpfTraceLexer.LPAREN) depth++;
                if (token.getType() == BpfTraceLexer.RPAREN && --depth == 0) break;
                if (token.getType() == BpfTraceLexer.COMMA && depth == 1) {
                    collected.add(current);
                    current = new ArrayList<>();
                } else {
                    current.add(token);
                }
            }
            if (!current.isEmpty() || !collected.isEmpty()) collected.add(current);
            origin = origin.to(TokenSpan.of(last, file));
            int expected = macro.parameters().get().size();
            if (collected.size() != expected) {
                diags.report(Diagnostic.error(SyntaxCode.MACRO_ARGUMENT_COUNT, origin,
                        "macro %s takes %d argument%s but %d %s given".formatted(macro.name(), expected,
                                expected == 1 ? "" : "s", collected.size(), collected.size() == 1 ? "was" : "were")));
                // A stand-in operand keeps the parser from reporting the same mistake again.
                var placeholder = new CommonToken(BpfTraceLexer.INT, "0");
                return List.of(new ExpandedToken(placeholder, origin));
            }
            arguments = collected;
        }
        var substituted = new ArrayList<Token>();
        for (Token token : lex(macro.body())) {
            int parameter = token.getType() == BpfTraceLexer.IDENT
                    ? macro.parameters().map(p -> p.indexOf(token.getText())).orElse(-1) : -1;
            if (parameter >= 0) substituted.addAll(arguments.get(parameter));
            else substituted.add(new ExpandedToken(token, origin));
        }
        var inner = new HashSet<>(hidden);
        inner.add(macro.name());
        return rescan(substituted, inner);
    }

    /** Expands macros inside an expansion; a macro is never expanded inside itself (C's rule). */
    private List<Token> rescan(List<Token> tokens, Set<String> hidden) {
        var queue = new ArrayDeque<>(tokens);
        var out = new ArrayList<Token>();
        Supply fromQueue = () -> queue.isEmpty() ? eofAt(tokens) : queue.pop();
        while (!queue.isEmpty()) {
            Token token = queue.pop();
            Optional<Macro> macro = token.getType() == BpfTraceLexer.IDENT && !hidden.contains(token.getText())
                    ? macroAt(token.getText(), token.getLine()) : Optional.empty();
            if (macro.isPresent()) {
                for (Token expanded : expand(macro.get(), token, fromQueue, hidden)) {
                    if (expanded.getType() != Token.EOF) out.add(expanded);
                }
            } else {
                out.add(token);
            }
        }
        return out;
    }

    private static Token eofAt(List<Token> tokens) {
        var eof = new CommonToken(Token.EOF, "<EOF>");
        if (!tokens.isEmpty()) {
            eof.setLine(tokens.get(tokens.size() - 1).getLine());
            eof.setCharPositionInLine(tokens.get(tokens.size() - 1).getCharPositionInLine());
        }
        return eof;
    }

    private List<Token> lex(String body) {
        var bodyLexer = new BpfTraceLexer(CharStreams.fromString(body));
        bodyLexer.removeErrorListeners();
        bodyLexer.pushMode(BpfTraceLexer.BODY);
        var tokens = new ArrayList<Token>();
        for (Token token = bodyLexer.nextToken(); token.getType() != Token.EOF; token = bodyLexer.nextToken()) {
            tokens.add(token);
        }
        return tokens;
    }

    @Override
    public int getLine() {
        return lexer.getLine();
    }

    @Override
    public int getCharPositionInLine() {
        return lexer.getCharPositionInLine();
    }

    @Override
    public CharStream getInputStream() {
        return lexer.getInputStream();
    }

    @Override
    public String getSourceName() {
        return file;
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        lexer.setTokenFactory(factory);
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return lexer.getTokenFactory();
    }
}

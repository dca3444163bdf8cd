package jtracec.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ast.Program;
import jtracec.grammar.BpfTraceLexer;
import jtracec.grammar.BpfTraceParser;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Script text to {@link Program}: preprocessing, lexing with macro expansion, parsing, and AST
 * building. Every mistake is a diagnostic; the program is returned only when there was none.
 */
public final class ScriptParser {
    /** Defined for every script, as bpftrace defines it when the kernel has BTF. */
    public static final String HAVE_BTF = "BPFTRACE_HAVE_BTF";

    private final Set<String> predefinedMacros;

    public ScriptParser(Set<String> predefinedMacros) {
        this.predefinedMacros = Set.copyOf(predefinedMacros);
    }

    public Optional<Program> parse(SourceFile source, Diagnostics diags) {
        var local = new Diagnostics();
        PreprocessedScript script = new Preprocessor(predefinedMacros).preprocess(source, local);
        var lexer = new BpfTraceLexer(CharStreams.fromString(script.text(), source.name()));
        lexer.removeErrorListeners();
        var expander = new MacroExpander(lexer, script.macros(), source.name(), local);
        var items = new ArrayList<BpfTraceParser.TopLevelContext>();
        for (Chunk chunk : topLevelChunks(expander, local)) {
            var parser = new BpfTraceParser(new CommonTokenStream(new ListTokenSource(chunk.tokens(), source.name())));
            parser.removeErrorListeners();
            parser.addErrorListener(new SyntaxErrors(source.name(), local, chunk.hasLexicalError()));
            items.add(parser.topLevelItem().topLevel());
        }
        // A tree with syntax errors has holes; building from it would only add noise.
        Optional<Program> program = local.hasErrors() ? Optional.empty()
                : Optional.of(new AstBuilder(source.name(), local).build(items, script.includes(), source));
        if (program.isPresent() && program.get().probes().isEmpty()) {
            SourceSpan end = program.get().span();
            local.report(Diagnostic.error(SyntaxCode.NO_PROBES,
                            new SourceSpan(source.name(), end.endLine(), end.endColumn(), end.endLine(), end.endColumn()),
                            "the script has no probes")
                    .withHelp("add one, e.g. BEGIN { printf(\"hello\\n\"); }"));
        }
        local.all().forEach(diags::report);
        return local.hasErrors() ? Optional.empty() : program;
    }

    /**
     * Cuts the tokens into top-level items: a probe or struct ends at the '}' that closes its
     * outermost brace. Brace depth here follows the lexer's
     * mode stack exactly, since the same tokens push and pop it.
     */
    private static List<Chunk> topLevelChunks(TokenSource tokens, Diagnostics diags) {
        var chunks = new ArrayList<Chunk>();
        var current = new ArrayList<Token>();
        int depth = 0;
        int reported = diags.all().size();
        for (Token token = tokens.nextToken(); token.getType() != Token.EOF; token = tokens.nextToken()) {
            // The ';' that may end a struct declaration belongs to it (anywhere else the parser rejects it).
            if (token.getType() == BpfTraceLexer.SEMI && depth == 0 && current.isEmpty() && !chunks.isEmpty()) {
                Chunk previous = chunks.remove(chunks.size() - 1);
                var joined = new ArrayList<>(previous.tokens());
                joined.add(token);
                chunks.add(new Chunk(joined, previous.hasLexicalError()));
                continue;
            }
            current.add(token);
            switch (token.getType()) {
                case BpfTraceLexer.LBRACE, BpfTraceLexer.PREDICATE_START -> depth++;
                case BpfTraceLexer.RBRACE -> depth = Math.max(0, depth - 1);
                default -> { }
            }
            boolean closes = depth == 0 && token.getType() == BpfTraceLexer.RBRACE;
            if (closes) {
                chunks.add(new Chunk(current, diags.all().size() > reported));
                reported = diags.all().size();
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) chunks.add(new Chunk(current, diags.all().size() > reported));
        return chunks;
    }

    /** The tokens of one top-level item, and whether lexing or macro expansion already reported a mistake in it. */
    private record Chunk(List<Token> tokens, boolean hasLexicalError) {}

    /** Turns ANTLR's syntax errors into E0101 diagnostics in the script's terms, the first of each item only. */
    private static final class SyntaxErrors extends BaseErrorListener {
        private static final int MAX_EXPECTED = 5;
        private final String file;
        private final Diagnostics diags;
        private boolean reported;

        /** {@code isQuiet}: a lexical mistake in this item was reported already, and parse errors would only echo it. */
        SyntaxErrors(String file, Diagnostics diags, boolean isQuiet) {
            this.file = file;
            this.diags = diags;
            this.reported = isQuiet;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                                String message, RecognitionException e) {
            if (reported) return;  // after the first mistake in an item, recovery mostly finds echoes of it
            reported = true;
            SourceSpan span = new SourceSpan(file, line, column + 1, line, column + 1);
            String found = "end of input";
            if (offendingSymbol instanceof Token token) {
                span = TokenSpan.of(token, file);
                if (token.getType() != Token.EOF) found = "'" + token.getText().strip() + "'";
                if (span.endLine() == span.line() && span.endColumn() == span.column()) {
                    span = new SourceSpan(file, span.line(), span.column(), span.line(), span.column() + 1);
                }
            }
            var diagnostic = Diagnostic.error(SyntaxCode.UNEXPECTED_TOKEN, span, "syntax error: unexpected " + found);
            if (recognizer instanceof Parser parser) {
                IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
                List<String> names = expectedNames(expected, parser);
                if (!names.isEmpty()) diagnostic = diagnostic.withNote("expected " + String.join(", ", names));
                if (expected.contains(BpfTraceLexer.PREDICATE_END)) {
                    diagnostic = diagnostic.withHelp("end the predicate with '/' before the probe body: kprobe:f /pid == 1/ { ... }");
                } else if (expected.contains(BpfTraceLexer.SEMI) && !expected.contains(Token.EOF)) {
                    diagnostic = diagnostic.withHelp("statements are separated by ';'");
                }
            }
            diags.report(diagnostic);
        }

        private static List<String> expectedNames(IntervalSet expected, Parser parser) {
            var names = new ArrayList<String>();
            for (int type : expected.toList()) {
                String name = describe(type, parser);
                if (!names.contains(name)) names.add(name);
            }
            // A long list (anything that can start an expression) helps nobody.
            return names.size() > MAX_EXPECTED ? List.of() : names;
        }

        private static String describe(int type, Parser parser) {
            return switch (type) {
                case Token.EOF -> "end of input";
                case BpfTraceLexer.ATTACH_WORD -> "a probe";
                case BpfTraceLexer.PREDICATE_END -> "'/' closing the predicate, then '{'";
                case BpfTraceLexer.IDENT -> "an identifier";
                case BpfTraceLexer.INT -> "an integer";
                case BpfTraceLexer.STRING -> "a string";
                case BpfTraceLexer.VAR -> "a $variable";
                case BpfTraceLexer.MAP -> "a @map";
                case BpfTraceLexer.STRUCT_DECL -> "a struct declaration";
                case BpfTraceLexer.INT_TYPE -> "an integer type";
                case BpfTraceLexer.POSITIONAL -> "a positional parameter";
                case BpfTraceLexer.LBRACE -> "'{'";
                case BpfTraceLexer.RBRACE -> "'}'";
                case BpfTraceLexer.SEMI -> "';'";
                case BpfTraceLexer.COMMA -> "','";
                case BpfTraceLexer.PREDICATE_START -> "a predicate";
                default -> {
                    String literal = parser.getVocabulary().getLiteralName(type);
                    yield literal != null ? literal : parser.getVocabulary().getSymbolicName(type).toLowerCase(java.util.Locale.ROOT);
                }
            };
        }
    }
}

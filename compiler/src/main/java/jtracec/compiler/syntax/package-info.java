/**
 * Script text to {@code ast.Program} ({@link jtracec.compiler.syntax.ScriptParser}).
 *
 * <p>Decisions worth knowing:
 * <ul>
 * <li>The grammar is split into {@code BpfTraceLexer.g4} and {@code BpfTraceParser.g4} because
 *     ANTLR allows lexer modes only in a lexer grammar. The default mode lexes the top level
 *     (an attach point is one token, paths, wildcards and quoted C++ names included); the BODY
 *     mode lexes predicates and bodies, so '/' and '*' mean one thing per mode.</li>
 * <li>The preprocessor empties directive lines instead of removing them, and macros are
 *     expanded token by token between lexer and parser, so every position stays the file's own;
 *     tokens from a macro body carry the span of the invocation.</li>
 * <li>Each top-level item (probe or struct) is parsed on its own: the lexer's mode stack gives
 *     exact item boundaries, so a mistake in one probe is reported once and never derails the
 *     next. Within an item only the first syntax error is reported.</li>
 * <li>{@link jtracec.compiler.syntax.AstPrinter} parenthesises every compound operand so its
 *     output parses back to the same tree (checked by a jqwik property and on the corpus).</li>
 * </ul>
 */
package jtracec.compiler.syntax;

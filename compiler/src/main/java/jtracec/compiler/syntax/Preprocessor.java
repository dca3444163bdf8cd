package jtracec.compiler.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtracec.compiler.ast.Include;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;

/**
 * The C preprocessor subset bpftrace scripts use: {@code #include}, {@code #define} (object- and
 * function-like), {@code #undef}, and {@code #if/#ifdef/#ifndef/#elif/#else/#endif}. Directive
 * lines are emptied rather than removed so every remaining character keeps its line and column;
 * macros are expanded later, token by token, by {@link MacroExpander}.
 */
final class Preprocessor {
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*#\\s*([A-Za-z_]*)(.*)$");
    private static final Pattern INCLUDE = Pattern.compile("^\\s*(<([^>]*)>|\"([^\"]*)\")\\s*(//.*|/\\*.*)?$");
    private static final Pattern DEFINE = Pattern.compile("^\\s+([A-Za-z_][A-Za-z0-9_]*)(\\(([^)]*)\\))?(.*)$");
    private static final Pattern NAME = Pattern.compile("^\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(//.*|/\\*.*)?$");

    private final Set<String> predefined;
    private final HeaderDefines headers;

    /** {@code predefined} names are defined as 1 before the script starts, e.g. BPFTRACE_HAVE_BTF. */
    Preprocessor(Set<String> predefined) {
        this(predefined, HeaderDefines.system());
    }

    /** Included headers found through {@code headers} contribute their integer #defines. */
    Preprocessor(Set<String> predefined, HeaderDefines headers) {
        this.predefined = Set.copyOf(predefined);
        this.headers = headers;
    }

    PreprocessedScript preprocess(SourceFile file, Diagnostics diags) {
        var run = new Run(file, diags, headers);
        for (String name : predefined) {
            run.macros.put(name, new Macro(name, Optional.empty(), "1", 0, Integer.MAX_VALUE));
        }
        return run.process();
    }

    private static final class Run {
        private final SourceFile file;
        private final Diagnostics diags;
        private final Map<String, Macro> macros = new LinkedHashMap<>();
        private final List<Macro> retired = new ArrayList<>();
        private final List<Include> includes = new ArrayList<>();
        private final Deque<Conditional> conditionals = new ArrayDeque<>();
        private final HeaderDefines headers;

        Run(SourceFile file, Diagnostics diags, HeaderDefines headers) {
            this.file = file;
            this.diags = diags;
            this.headers = headers;
        }

        PreprocessedScript process() {
            String[] lines = file.text().split("\n", -1);
            var out = new StringBuilder();
            boolean inComment = false;
            int commentLine = 0;
            int commentColumn = 0;
            for (int index = 0; index < lines.length; index++) {
                int number = index + 1;
                String line = lines[index];
                String kept = line;
                if (number == 1 && line.startsWith("#!")) {
                    kept = "";
                } else if (!inComment && DIRECTIVE.matcher(line).matches()) {
                    // A directive may continue over backslash-newline lines; all of them are emptied.
                    var directive = new StringBuilder(line);
                    int last = index;
                    while (endsWithBackslash(directive) && last + 1 < lines.length) {
                        directive.setLength(directive.length() - 1);
                        directive.append(' ').append(lines[++last]);
                    }
                    directive(directive.toString(), number, line);
                    for (int skipped = index; skipped < last; skipped++) out.append('\n');
                    index = last;
                    kept = "";
                } else if (!isActive()) {
                    kept = "";
                }
                // Comment state is tracked over the original text: a directive inside /* */ is not one.
                int[] state = commentState(line, inComment, number, commentLine, commentColumn);
                inComment = state[0] == 1;
                commentLine = state[1];
                commentColumn = state[2];
                out.append(kept);
                if (index < lines.length - 1) out.append('\n');
            }
            if (inComment) {
                // As C does, the rest of the file is comment: blank it so the parser does not trip over it too.
                blankFrom(out, commentLine, commentColumn);
                diags.report(Diagnostic.error(SyntaxCode.UNTERMINATED_COMMENT,
                                span(commentLine, commentColumn, commentColumn + 2), "unterminated comment")
                        .withHelp("close the comment with */"));
            }
            for (Conditional open : conditionals) {
                diags.report(Diagnostic.error(SyntaxCode.UNTERMINATED_CONDITIONAL, open.span(),
                                "#%s has no matching #endif".formatted(open.keyword()))
                        .withHelp("add #endif after the conditional lines"));
            }
            var all = new ArrayList<>(retired);
            all.addAll(macros.values());
            return new PreprocessedScript(out.toString(), includes, all);
        }

        private static void blankFrom(StringBuilder text, int line, int column) {
            int offset = 0;
            for (int current = 1; current < line; current++) offset = text.indexOf("\n", offset) + 1;
            for (int i = offset + column - 1; i < text.length(); i++) {
                if (text.charAt(i) != '\n') text.setCharAt(i, ' ');
            }
        }

        private static boolean endsWithBackslash(CharSequence text) {
            return !text.isEmpty() && text.charAt(text.length() - 1) == '\\';
        }

        private boolean isActive() {
            return conditionals.stream().allMatch(Conditional::isTaking);
        }

        private void directive(String text, int line, String firstLine) {
            Matcher m = DIRECTIVE.matcher(text);
            if (!m.matches()) throw new IllegalStateException("bug: not a directive: " + text);
            String keyword = m.group(1);
            String rest = m.group(2);
            int column = firstLine.indexOf('#') + 1;
            SourceSpan whole = span(line, column, firstLine.length() + 1);
            switch (keyword) {
                case "ifdef", "ifndef" -> {
                    Matcher name = NAME.matcher(rest);
                    boolean defined = name.matches() && isDefined(name.group(1), line);
                    if (!name.matches()) malformed(whole, "#%s needs one macro name".formatted(keyword));
                    push(keyword, whole, keyword.equals("ifdef") == defined);
                }
                case "if" -> push(keyword, whole, new ConditionEvaluator(rest, name -> isDefined(name, line),
                        name -> value(name, line)).evaluate() != 0);
                case "elif" -> {
                    Conditional top = conditionals.peek();
                    if (top == null) {
                        unmatched(whole, keyword);
                    } else {
                        boolean take = !top.anyTaken() && new ConditionEvaluator(rest, name -> isDefined(name, line),
                                name -> value(name, line)).evaluate() != 0;
                        conditionals.pop();
                        conditionals.push(new Conditional(top.keyword(), top.span(), take, top.anyTaken() || take));
                    }
                }
                case "else" -> {
                    Conditional top = conditionals.peek();
                    if (top == null) {
                        unmatched(whole, keyword);
                    } else {
                        conditionals.pop();
                        conditionals.push(new Conditional(top.keyword(), top.span(), !top.anyTaken(), true));
                    }
                }
                case "endif" -> {
                    if (conditionals.isEmpty()) unmatched(whole, keyword);
                    else conditionals.pop();
                }
                default -> {
                    if (isActive()) activeDirective(keyword, rest, line, column, whole);
                }
            }
        }

        private void activeDirective(String keyword, String rest, int line, int column, SourceSpan whole) {
            switch (keyword) {
                case "include" -> {
                    Matcher m = INCLUDE.matcher(rest);
                    if (!m.matches()) {
                        malformed(whole, "#include needs a path in <...> or \"...\"");
                    } else {
                        boolean isSystem = m.group(2) != null;
                        String path = isSystem ? m.group(2) : m.group(3);
                        var header = headers.find(path);
                        includes.add(new Include(path, isSystem, header.isPresent(), whole));
                        // the script's own definitions win, as they come later in bpftrace's clang input
                        header.ifPresent(found -> headers.defines(found).forEach((name, value) -> {
                            if (!macros.containsKey(name)) macros.put(name, new Macro(name, Optional.empty(), value, line, Integer.MAX_VALUE));
                        }));
                    }
                }
                case "define" -> {
                    Matcher m = DEFINE.matcher(rest);
                    if (!m.matches()) {
                        malformed(whole, "#define needs a macro name");
                        return;
                    }
                    Optional<List<String>> parameters = m.group(2) == null ? Optional.empty()
                            : Optional.of(m.group(3).isBlank() ? List.of()
                            : List.of(m.group(3).trim().split("\\s*,\\s*")));
                    String body = stripComment(m.group(4)).trim();
                    undefine(m.group(1), line);
                    macros.put(m.group(1), new Macro(m.group(1), parameters, body, line, Integer.MAX_VALUE));
                }
                case "undef" -> {
                    Matcher m = NAME.matcher(rest);
                    if (!m.matches()) malformed(whole, "#undef needs one macro name");
                    else undefine(m.group(1), line);
                }
                case "pragma", "" -> { }
                case "error" -> diags.report(Diagnostic.error(SyntaxCode.ERROR_DIRECTIVE, whole,
                        "#error" + (stripComment(rest).isBlank() ? "" : ": " + stripComment(rest).trim())));
                case "warning" -> diags.report(Diagnostic.warning(SyntaxCode.WARNING_DIRECTIVE, whole,
                        "#warning" + (stripComment(rest).isBlank() ? "" : ": " + stripComment(rest).trim())));
                default -> diags.report(Diagnostic.error(SyntaxCode.UNKNOWN_DIRECTIVE,
                                span(line, column, column + 1 + keyword.length()),
                                "unknown preprocessor directive #%s".formatted(keyword))
                        .withHelp("bpftrace scripts may use #include, #define, #undef, #if, #ifdef, #ifndef, #elif, #else and #endif"));
            }
        }

        private static String stripComment(String text) {
            int lineComment = text.indexOf("//");
            int blockComment = text.indexOf("/*");
            int cut = text.length();
            if (lineComment >= 0) cut = Math.min(cut, lineComment);
            if (blockComment >= 0) cut = Math.min(cut, blockComment);
            return text.substring(0, cut);
        }

        private void undefine(String name, int line) {
            Macro old = macros.remove(name);
            if (old != null) retired.add(old.undefinedAt(line));
        }

        private boolean isDefined(String name, int line) {
            return macros.containsKey(name);
        }

        private long value(String name, int line) {
            Macro macro = macros.get(name);
            if (macro == null || macro.parameters().isPresent()) return 0;
            try {
                return Long.decode(macro.body().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private void push(String keyword, SourceSpan span, boolean take) {
            boolean effective = take && isActive();
            // Inside an inactive region nothing is taken, and no later branch may be either.
            conditionals.push(new Conditional(keyword, span, effective, effective || !isActive()));
        }

        private void unmatched(SourceSpan span, String keyword) {
            diags.report(Diagnostic.error(SyntaxCode.UNMATCHED_CONDITIONAL, span,
                            "#%s without a matching #if".formatted(keyword))
                    .withHelp("remove it or add #if/#ifdef/#ifndef before it"));
        }

        private void malformed(SourceSpan span, String message) {
            diags.report(Diagnostic.error(SyntaxCode.MALFORMED_DIRECTIVE, span, message));
        }

        private SourceSpan span(int line, int column, int endColumn) {
            return new SourceSpan(file.name(), line, column, line, Math.max(column, endColumn));
        }

        /** Returns {inComment, line, column} after scanning {@code line} for comment delimiters outside strings. */
        private static int[] commentState(String line, boolean inComment, int number, int commentLine, int commentColumn) {
            boolean comment = inComment;
            boolean inString = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                char next = i + 1 < line.length() ? line.charAt(i + 1) : '\0';
                if (comment) {
                    if (c == '*' && next == '/') {
                        comment = false;
                        i++;
                    }
                } else if (inString) {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                } else if (c == '"') {
                    inString = true;
                } else if (c == '/' && next == '/') {
                    break;
                } else if (c == '/' && next == '*') {
                    comment = true;
                    commentLine = number;
                    commentColumn = i + 1;
                    i++;
                }
            }
            return new int[] {comment ? 1 : 0, commentLine, commentColumn};
        }
    }

    /** One open #if: whether its current branch is taken, and whether any branch was. */
    private record Conditional(String keyword, SourceSpan span, boolean isTaking, boolean anyTaken) {}
}

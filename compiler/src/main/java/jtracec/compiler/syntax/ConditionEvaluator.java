package jtracec.compiler.syntax;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the expression of an {@code #if}/{@code #elif}: integers, {@code defined(NAME)},
 * macro names (their integer value, else 0), {@code ! && || == != < > <= >=} and parentheses.
 * Anything it cannot read counts as 0, as an unknown identifier does in C.
 */
final class ConditionEvaluator {
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|&&|\\|\\||==|!=|<=|>=|[!()<>])");

    private final String text;
    private final Predicate<String> isDefined;
    private final ToLongFunction<String> value;
    private int position;
    private String lookahead;

    ConditionEvaluator(String text, Predicate<String> isDefined, ToLongFunction<String> value) {
        int comment = text.indexOf("//");
        this.text = comment >= 0 ? text.substring(0, comment) : text;
        this.isDefined = isDefined;
        this.value = value;
        advance();
    }

    long evaluate() {
        return or();
    }

    private void advance() {
        Matcher m = TOKEN.matcher(text);
        if (m.find(position) && m.start() == position) {
            lookahead = m.group(1);
            position = m.end();
        } else {
            lookahead = "";
        }
    }

    private boolean accept(String token) {
        if (!lookahead.equals(token)) return false;
        advance();
        return true;
    }

    private long or() {
        long left = and();
        while (accept("||")) left = (left != 0 | and() != 0) ? 1 : 0;
        return left;
    }

    private long and() {
        long left = comparison();
        while (accept("&&")) left = (left != 0 & comparison() != 0) ? 1 : 0;
        return left;
    }

    private long comparison() {
        long left = unary();
        while (true) {
            String op = lookahead;
            if (!(op.equals("==") || op.equals("!=") || op.equals("<") || op.equals(">") || op.equals("<=") || op.equals(">="))) {
                return left;
            }
            advance();
            long right = unary();
            boolean result = switch (op) {
                case "==" -> left == right;
                case "!=" -> left != right;
                case "<" -> left < right;
                case ">" -> left > right;
                case "<=" -> left <= right;
                default -> left >= right;
            };
            left = result ? 1 : 0;
        }
    }

    private long unary() {
        if (accept("!")) return unary() == 0 ? 1 : 0;
        if (accept("(")) {
            long inner = or();
            accept(")");
            return inner;
        }
        String token = lookahead;
        if (token.isEmpty()) return 0;
        advance();
        if (token.equals("defined")) {
            boolean parenthesised = accept("(");
            String name = lookahead;
            advance();
            if (parenthesised) accept(")");
            return isDefined.test(name) ? 1 : 0;
        }
        if (Character.isDigit(token.charAt(0))) {
            try {
                return Long.decode(token);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return value.applyAsLong(token);
    }
}

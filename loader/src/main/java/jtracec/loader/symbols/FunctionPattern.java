package jtracec.loader.symbols;

import java.util.Optional;
import jtracec.spec.object.Wildcard;

/**
 * A uprobe's function as written: a symbol name or a wildcard matched against the symbol, its
 * demangled form ({@code app::server::*}, {@code ns::Foo::bar(int)}) and, for C++, the demangled
 * form without its parameter list ({@code ns::Foo::bar}). bpftrace 0.17 matches C++ names the same
 * way (ProbeMatcher::get_matches_in_stream); Rust paths are matched as rustc-demangle prints them.
 */
public final class FunctionPattern {
    private final String text;
    private final Wildcard wildcard;

    public FunctionPattern(String text) {
        this.text = text;
        this.wildcard = new Wildcard(text);
    }

    public String text() {
        return text;
    }

    public boolean isWildcard() {
        return Wildcard.isPattern(text);
    }

    public boolean matches(String symbol) {
        if (wildcard.matches(symbol)) return true;
        Optional<String> demangled = Demangler.demangle(symbol);
        if (demangled.isEmpty()) return false;
        if (wildcard.matches(demangled.get())) return true;
        return withoutParameters(demangled.get()).filter(wildcard::matches).isPresent();
    }

    /** {@code ns::f(int) const} is {@code ns::f}; a name without a parameter list has no such form. */
    static Optional<String> withoutParameters(String demangled) {
        if (!demangled.endsWith(")") && !demangled.endsWith(" const")) return Optional.empty();
        int depth = 0;
        int nameStart = 0;
        for (int i = 0; i < demangled.length(); i++) {
            char c = demangled.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            // a template function's return type comes first: "void ns::f<int>(int)"
            else if (c == ' ' && depth == 0 && !demangled.startsWith("operator", Math.max(0, i - 8))) nameStart = i + 1;
            else if (c == '(' && depth == 0 && i > nameStart && !demangled.startsWith("operator", i - 8)) {
                return Optional.of(demangled.substring(nameStart, i));
            }
        }
        return Optional.empty();
    }
}

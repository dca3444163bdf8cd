package jtracec.loader.symbols;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * Demangles Rust's legacy symbols: an Itanium-style nested name {@code _ZN3app6server6handle17h<16 hex>E}
 * whose last part is the hash, with rustc's {@code $..$} escapes in identifiers. Prints the path without
 * the hash ({@code app::server::handle}), as rustc-demangle's alternate form and as Rust users write it.
 */
final class RustLegacyDemangler {
    private static final Map<String, String> ESCAPES = Map.of("SP", "@", "BP", "*", "RF", "&", "LT", "<", "GT", ">",
            "LP", "(", "RP", ")", "C", ",");

    private RustLegacyDemangler() {}

    static Optional<String> demangle(String symbol) {
        if (!symbol.startsWith("_ZN")) return Optional.empty();
        var parts = new ArrayList<String>();
        int at = 3;
        try {
            while (at < symbol.length() && symbol.charAt(at) != 'E') {
                int start = at;
                while (Character.isDigit(symbol.charAt(at))) at++;
                if (start == at) return Optional.empty();
                int length = Integer.parseInt(symbol.substring(start, at));
                parts.add(symbol.substring(at, at + length));
                at += length;
            }
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return Optional.empty();
        }
        // "E" ends the name; a ".llvm.123" or similar suffix after it is not part of the path
        if (at >= symbol.length() || parts.size() < 2 || !isHash(parts.get(parts.size() - 1))) return Optional.empty();
        var path = new StringBuilder();
        for (var part : parts.subList(0, parts.size() - 1)) {
            if (path.length() > 0) path.append("::");
            Optional<String> unescaped = unescape(part);
            if (unescaped.isEmpty()) return Optional.empty();
            path.append(unescaped.get());
        }
        return Optional.of(path.toString());
    }

    private static boolean isHash(String part) {
        return part.length() == 17 && part.charAt(0) == 'h' && part.substring(1).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** {@code $LT$} is {@code <}, {@code $u7b$} is {@code {}, {@code ..} is {@code ::}; a leading {@code _$} is {@code $}. */
    private static Optional<String> unescape(String part) {
        String text = part.startsWith("_$") ? part.substring(1) : part;
        var out = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '$') {
                int end = text.indexOf('$', at + 1);
                if (end < 0) return Optional.empty();
                String code = text.substring(at + 1, end);
                if (ESCAPES.containsKey(code)) {
                    out.append(ESCAPES.get(code));
                } else if (code.startsWith("u") && code.length() > 1) {
                    try {
                        out.appendCodePoint(Integer.parseInt(code.substring(1), 16));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                } else {
                    return Optional.empty();
                }
                at = end + 1;
            } else if (c == '.' && text.startsWith("..", at)) {
                out.append("::");
                at += 2;
            } else {
                out.append(c);
                at++;
            }
        }
        return Optional.of(out.toString());
    }
}

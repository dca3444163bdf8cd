package jtracec.loader.symbols;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * Demangles Rust's v0 symbols ({@code _R...}, RFC 2603 "Rust Symbol Name Mangling v0"): paths,
 * impls, generic arguments, types, constants and back-references. Prints rustc-demangle's alternate
 * form, without crate disambiguators: {@code app::server::handle},
 * {@code core::ptr::drop_in_place::<alloc::string::String>}, {@code <Foo as core::fmt::Debug>::fmt}.
 */
final class RustV0Demangler {
    private static final Map<Character, String> BASIC = Map.ofEntries(
            Map.entry('a', "i8"), Map.entry('b', "bool"), Map.entry('c', "char"), Map.entry('d', "f64"), Map.entry('e', "str"),
            Map.entry('f', "f32"), Map.entry('h', "u8"), Map.entry('i', "isize"), Map.entry('j', "usize"), Map.entry('l', "i32"),
            Map.entry('m', "u32"), Map.entry('n', "i128"), Map.entry('o', "u128"), Map.entry('s', "i16"), Map.entry('t', "u16"),
            Map.entry('u', "()"), Map.entry('v', "..."), Map.entry('x', "i64"), Map.entry('y', "u64"), Map.entry('z', "!"),
            Map.entry('p', "_"));
    /** Back-references may nest, but never deeper than this in a well-formed symbol. */
    private static final int MAX_DEPTH = 200;

    private final String text;
    /** Back-reference offsets count from just after "_R". */
    private final int base;
    private int at;
    private int depth;
    /** Lifetimes bound by enclosing {@code for<...>} binders; de Bruijn index 1 is the innermost. */
    private int boundLifetimes;

    private RustV0Demangler(String text, int base) {
        this.text = text;
        this.base = base;
        this.at = base;
    }

    static Optional<String> demangle(String symbol) {
        if (!symbol.startsWith("_R")) return Optional.empty();
        try {
            var demangler = new RustV0Demangler(symbol, 2);
            if (Character.isDigit(demangler.peek())) return Optional.empty(); // a future encoding version
            String path = demangler.path(Context.VALUE);
            // an instantiating crate may follow; a vendor suffix ".llvm.NNN" is not part of the name
            if (demangler.at < symbol.length() && Character.isUpperCase(demangler.peek())) demangler.path(Context.VALUE);
            if (demangler.at < symbol.length() && symbol.charAt(demangler.at) != '.') return Optional.empty();
            return Optional.of(path);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** Generic arguments print as {@code path::<T>} in a value path and {@code Path<T>} in a type. */
    private enum Context { VALUE, TYPE }

    private char peek() {
        return text.charAt(at);
    }

    private char next() {
        return text.charAt(at++);
    }

    private boolean consume(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private String path(Context context) {
        if (++depth > MAX_DEPTH) throw new IllegalArgumentException("too deep");
        try {
            char tag = next();
            return switch (tag) {
                case 'C' -> identifier().name();
                case 'M' -> {
                    disambiguator();
                    path(Context.VALUE);
                    yield "<" + type() + ">";
                }
                case 'X' -> {
                    disambiguator();
                    path(Context.VALUE);
                    String self = type();
                    yield "<" + self + " as " + path(Context.TYPE) + ">";
                }
                case 'Y' -> {
                    String self = type();
                    yield "<" + self + " as " + path(Context.TYPE) + ">";
                }
                case 'N' -> {
                    char namespace = next();
                    String parent = path(context);
                    Identifier identifier = identifier();
                    if (Character.isUpperCase(namespace)) {
                        String kind = namespace == 'C' ? "closure" : namespace == 'S' ? "shim" : String.valueOf(namespace);
                        String named = identifier.name().isEmpty() ? kind : kind + ":" + identifier.name();
                        yield parent + "::{" + named + "#" + identifier.disambiguator() + "}";
                    }
                    yield parent + "::" + identifier.name();
                }
                case 'I' -> {
                    String generic = path(context);
                    var args = new ArrayList<String>();
                    while (!consume('E')) args.add(genericArg());
                    yield generic + (context == Context.VALUE ? "::<" : "<") + String.join(", ", args) + ">";
                }
                case 'B' -> backReference(() -> path(context));
                default -> throw new IllegalArgumentException("path tag " + tag);
            };
        } finally {
            depth--;
        }
    }

    private String backReference(java.util.function.Supplier<String> parse) {
        int target = base + (int) base62();
        if (target >= at) throw new IllegalArgumentException("forward back-reference");
        int resume = at;
        at = target;
        String result = parse.get();
        at = resume;
        return result;
    }

    private record Identifier(long disambiguator, String name) {}

    private Identifier identifier() {
        long disambiguator = disambiguator();
        boolean isPunycode = consume('u');
        int start = at;
        // "0" is a whole number: "00" is two empty identifiers, not one
        if (!consume('0')) while (Character.isDigit(peek())) at++;
        int length = Integer.parseInt(text.substring(start, at));
        consume('_');
        String name = text.substring(at, at + length);
        at += length;
        // punycode identifiers (non-ASCII names) keep their encoded form
        return new Identifier(disambiguator, isPunycode ? "punycode{" + name + "}" : name);
    }

    private long disambiguator() {
        return consume('s') ? base62() + 1 : 0;
    }

    /** "_" is 0; otherwise digits 0-9a-zA-Z then "_", plus one. */
    private long base62() {
        if (consume('_')) return 0;
        long value = 0;
        while (!consume('_')) {
            char c = next();
            int digit = Character.isDigit(c) ? c - '0' : Character.isLowerCase(c) ? c - 'a' + 10 : c - 'A' + 36;
            value = value * 62 + digit;
        }
        return value + 1;
    }

    private String genericArg() {
        if (consume('L')) return lifetime(base62());
        if (consume('K')) return constant();
        return type();
    }

    private String type() {
        if (++depth > MAX_DEPTH) throw new IllegalArgumentException("too deep");
        try {
            char tag = peek();
            if (BASIC.containsKey(tag)) {
                at++;
                return BASIC.get(tag);
            }
            at++;
            return switch (tag) {
                case 'R', 'Q' -> {
                    long lifetime = consume('L') ? base62() : 0;
                    String reference = lifetime == 0 ? "&" : "&" + lifetime(lifetime) + " ";
                    yield reference + (tag == 'Q' ? "mut " : "") + type();
                }
                case 'P' -> "*const " + type();
                case 'O' -> "*mut " + type();
                case 'A' -> {
                    String element = type();
                    yield "[" + element + "; " + constant() + "]";
                }
                case 'S' -> "[" + type() + "]";
                case 'T' -> {
                    var elements = new ArrayList<String>();
                    while (!consume('E')) elements.add(type());
                    yield "(" + String.join(", ", elements) + (elements.size() == 1 ? ",)" : ")");
                }
                case 'F' -> functionSignature();
                case 'D' -> {
                    int outer = boundLifetimes;
                    String binder = binder();
                    var traits = new ArrayList<String>();
                    while (!consume('E')) traits.add(dynTrait());
                    boundLifetimes = outer;
                    long lifetime = consume('L') ? base62() : 0;
                    yield "dyn " + binder + String.join(" + ", traits) + (lifetime == 0 ? "" : " + " + lifetime(lifetime));
                }
                case 'B' -> backReference(this::type);
                default -> {
                    at--;
                    yield path(Context.TYPE);
                }
            };
        } finally {
            depth--;
        }
    }

    private String dynTrait() {
        String trait = path(Context.TYPE);
        var bindings = new ArrayList<String>();
        while (consume('p')) {
            String name = identifier().name();
            bindings.add(name + " = " + type());
        }
        if (bindings.isEmpty()) return trait;
        // associated types join the trait's own generic arguments: Fn<(u8,), Output = u8>
        return trait.endsWith(">")
                ? trait.substring(0, trait.length() - 1) + ", " + String.join(", ", bindings) + ">"
                : trait + "<" + String.join(", ", bindings) + ">";
    }

    /** {@code G<n>}: n + 1 lifetimes bound here, printed {@code for<'a, 'b> }. */
    private String binder() {
        if (!consume('G')) return "";
        long count = base62() + 1;
        var names = new ArrayList<String>();
        for (long i = 0; i < count; i++) {
            boundLifetimes++;
            names.add(lifetimeName(boundLifetimes));
        }
        return "for<" + String.join(", ", names) + "> ";
    }

    /** 0 is the erased lifetime; i refers to the i-th innermost bound one. */
    private String lifetime(long index) {
        if (index == 0) return "'_";
        if (index > boundLifetimes) throw new IllegalArgumentException("unbound lifetime");
        return lifetimeName(boundLifetimes - index + 1);
    }

    private static String lifetimeName(long depth) {
        return depth <= 26 ? "'" + (char) ('a' + depth - 1) : "'_" + depth;
    }

    private String functionSignature() {
        int outer = boundLifetimes;
        String binder = binder();
        String prefix = binder + (consume('U') ? "unsafe " : "");
        if (consume('K')) {
            if (consume('C')) {
                prefix += "extern \"C\" ";
            } else {
                prefix += "extern \"" + identifier().name().replace('_', '-') + "\" ";
            }
        }
        var parameters = new ArrayList<String>();
        while (!consume('E')) parameters.add(type());
        String result = type();
        boundLifetimes = outer;
        return prefix + "fn(" + String.join(", ", parameters) + ")" + (result.equals("()") ? "" : " -> " + result);
    }

    private String constant() {
        if (consume('p')) return "_";
        if (peek() == 'B') {
            at++;
            return backReference(this::constant);
        }
        char type = next();
        boolean isNegative = consume('n');
        int start = at;
        while (peek() != '_') at++;
        String hex = text.substring(start, at);
        at++;
        long value = hex.isEmpty() ? 0 : Long.parseUnsignedLong(hex, 16);
        return switch (type) {
            case 'b' -> value == 0 ? "false" : "true";
            case 'c' -> "'" + Character.toString((int) value) + "'";
            default -> (isNegative ? "-" : "") + Long.toUnsignedString(value);
        };
    }
}

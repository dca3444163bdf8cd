package jtracec.loader.symbols;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Demangles C++ symbols of the Itanium C++ ABI ("Mangling", itanium-cxx-abi.github.io/cxx-abi/abi.html#mangling)
 * in the common forms compilers emit for functions and data: nested and local names, templates,
 * substitutions, constructors, destructors, operators, cv- and ref-qualified methods, pointers,
 * references, arrays, function types, special names and clone suffixes. Output reads as c++filt's
 * (libiberty, verbose): {@code std::basic_ostream<char, std::char_traits<char> >::operator<<(int)}.
 * Anything outside those forms (expressions, decltype, packs) is not demangled: the result is empty.
 */
final class ItaniumDemangler {

    /**
     * A type as printed: {@code base}, then a declarator ({@code *}, {@code &}) and a suffix for
     * function and array types, so a pointer to a function prints {@code void (*)(int)}.
     */
    private record Type(String base, String declarator, String suffix, boolean isFunction) {
        static Type of(String text) {
            return new Type(text, "", "", false);
        }

        boolean isCompound() {
            return !suffix.isEmpty();
        }

        Type declare(String symbol) {
            return isCompound() ? new Type(base, symbol + declarator, suffix, isFunction) : of(base + symbol);
        }

        @Override
        public String toString() {
            if (!isCompound()) return base;
            if (declarator.isEmpty()) return base + " " + suffix;
            return base + " (" + declarator + ")" + (isFunction ? "" : " ") + suffix;
        }
    }

    /** A parsed name: its text, the last plain name (for constructors) and whether it ends in template arguments. */
    private record Name(String text, String last, boolean isTemplate, String qualifiers) {}

    private final String text;
    private int at;
    private final List<String> substitutions = new ArrayList<>();
    private List<String> templateArgs = List.of();
    /** Whether the last unqualified name read was a constructor or destructor. */
    private boolean isStructorName;

    private ItaniumDemangler(String text) {
        this.text = text;
    }

    static Optional<String> demangle(String symbol) {
        if (!symbol.startsWith("_Z")) return Optional.empty();
        try {
            var demangler = new ItaniumDemangler(symbol);
            demangler.at = 2;
            var result = new StringBuilder(demangler.encoding());
            while (demangler.at < symbol.length() && demangler.peek() == '.') result.append(demangler.cloneSuffix());
            return demangler.at == symbol.length() ? Optional.of(result.toString()) : Optional.empty();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private char peek() {
        return text.charAt(at);
    }

    private boolean atEnd() {
        return at >= text.length();
    }

    private boolean consume(String prefix) {
        if (!text.startsWith(prefix, at)) return false;
        at += prefix.length();
        return true;
    }

    private void expect(char c) {
        if (atEnd() || text.charAt(at) != c) throw new IllegalArgumentException("expected " + c);
        at++;
    }

    /** libiberty prints ".isra.0" as " [clone .isra.0]": a dot, a name, then numbered parts. */
    private String cloneSuffix() {
        int start = at++;
        while (!atEnd() && peek() != '.') at++;
        while (text.startsWith(".", at) && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1))) {
            at++;
            while (!atEnd() && Character.isDigit(peek())) at++;
        }
        return " [clone " + text.substring(start, at) + "]";
    }

    private String encoding() {
        if (!atEnd() && (peek() == 'T' || peek() == 'G')) return specialName();
        Name name = name();
        if (atEnd() || peek() == 'E' || peek() == '.') return name.text();
        String returnType = "";
        // constructors, destructors and conversion operators have no encoded return type, even as templates
        boolean hasReturnType = name.isTemplate() && !isStructorName && !name.last().startsWith("operator ");
        if (hasReturnType) returnType = type().toString() + " ";
        return returnType + name.text() + parameters() + name.qualifiers();
    }

    private String parameters() {
        var types = new ArrayList<String>();
        while (!atEnd() && peek() != 'E' && peek() != '.') types.add(type().toString());
        if (types.size() == 1 && types.get(0).equals("void")) return "()";
        return "(" + String.join(", ", types) + ")";
    }

    private String specialName() {
        if (consume("TV")) return "vtable for " + type();
        if (consume("TT")) return "VTT for " + type();
        if (consume("TI")) return "typeinfo for " + type();
        if (consume("TS")) return "typeinfo name for " + type();
        if (consume("GV")) return "guard variable for " + name().text();
        if (consume("GTt")) return "transaction clone for " + encoding();
        if (consume("Th")) {
            number();
            expect('_');
            return "non-virtual thunk to " + encoding();
        }
        if (consume("Tv")) {
            number();
            expect('_');
            number();
            expect('_');
            return "virtual thunk to " + encoding();
        }
        if (consume("Tc")) {
            for (int i = 0; i < 2; i++) {
                if (consume("h")) {
                    number();
                } else {
                    expect('v');
                    number();
                    expect('_');
                    number();
                }
                expect('_');
            }
            return "covariant return thunk to " + encoding();
        }
        throw new IllegalArgumentException("special name");
    }

    private Name name() {
        if (consume("N")) return nestedName();
        if (consume("Z")) return localName();
        String prefix = "";
        String last;
        if (consume("St")) {
            prefix = "std::";
            last = unqualifiedName("std");
        } else if (text.startsWith("S", at)) {
            String substitution = substitution();
            if (!consume("I")) return new Name(substitution, lastComponent(substitution), false, "");
            String args = templateArgs(true);
            return new Name(substitution + args, lastComponent(substitution), true, "");
        } else {
            last = unqualifiedName("");
        }
        if (!atEnd() && peek() == 'I') {
            substitutions.add(prefix + last);
            at++;
            return new Name(specialize(prefix + last, templateArgs(true)), last, true, "");
        }
        return new Name(prefix + last, last, false, "");
    }

    private Name localName() {
        String function = encoding();
        expect('E');
        if (consume("s")) {
            discriminator();
            return new Name(function + "::string literal", "string literal", false, "");
        }
        Name entity = name();
        discriminator();
        return new Name(function + "::" + entity.text(), entity.last(), entity.isTemplate(), entity.qualifiers());
    }

    private void discriminator() {
        if (consume("__")) {
            number();
            expect('_');
        } else if (consume("_")) {
            number();
        }
    }

    private Name nestedName() {
        var qualifiers = new StringBuilder();
        while (true) {
            if (consume("K")) qualifiers.append(" const");
            else if (consume("V")) qualifiers.append(" volatile");
            else if (consume("r")) qualifiers.append(" restrict");
            else break;
        }
        if (consume("R")) qualifiers.append(" &");
        else if (consume("O")) qualifiers.append(" &&");
        String prefix = "";
        String last = "";
        boolean isTemplate = false;
        boolean isStructor = false;
        while (!consume("E")) {
            if (peek() == 'I') {
                at++;
                prefix = specialize(prefix, templateArgs(true));
                isTemplate = true;
            } else if (peek() == 'S' && !text.startsWith("St", at)) {
                prefix = substitution();
                last = lastComponent(prefix);
                isTemplate = false;
                if (peek() == 'E') return new Name(prefix, last, false, qualifiers.toString());
                continue;
            } else if (peek() == 'T') {
                prefix = templateParam();
                last = prefix;
                isTemplate = false;
            } else if (consume("St")) {
                last = unqualifiedName("std");
                prefix = "std::" + last;
                isTemplate = false;
            } else {
                last = unqualifiedName(last);
                isStructor = isStructorName;
                prefix = prefix.isEmpty() ? last : prefix + "::" + last;
                isTemplate = false;
            }
            if (peek() != 'E') substitutions.add(prefix);
        }
        isStructorName = isStructor;
        return new Name(prefix, last, isTemplate, qualifiers.toString());
    }

    /** The plain name a constructor repeats: the last component, without template arguments or ABI tags. */
    private static String lastComponent(String name) {
        String last = lastComponentWithTags(name);
        int tag = last.indexOf("[abi:");
        return tag < 0 ? last : last.substring(0, tag);
    }

    private static String lastComponentWithTags(String name) {
        int depth = 0;
        int end = name.length();
        for (int i = name.length() - 1; i >= 0; i--) {
            char c = name.charAt(i);
            if (c == '>') depth++;
            else if (c == '<') {
                depth--;
                if (depth == 0) end = i;
            } else if (depth == 0 && c == ':' && i > 0 && name.charAt(i - 1) == ':') {
                return name.substring(i + 1, end);
            }
        }
        return name.substring(0, end);
    }

    /** A source, operator, constructor/destructor or unnamed-type name; {@code enclosing} names constructors. */
    private String unqualifiedName(String enclosing) {
        char c = peek();
        String name;
        isStructorName = false;
        if (Character.isDigit(c)) {
            name = sourceName();
        } else if (c == 'C' && at + 1 < text.length() && (Character.isDigit(text.charAt(at + 1)) || text.charAt(at + 1) == 'I')) {
            at += text.charAt(at + 1) == 'I' ? 3 : 2;
            name = lastComponent(enclosing);
            isStructorName = true;
        } else if (c == 'D' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1))) {
            at += 2;
            name = "~" + lastComponent(enclosing);
            isStructorName = true;
        } else if (consume("Ut")) {
            name = "{unnamed type#" + (numberOrZero() + 1) + "}";
            expect('_');
        } else if (consume("Ul")) {
            String params = parameters();
            expect('E');
            name = "{lambda" + params + "#" + (numberOrZero() + 1) + "}";
            expect('_');
        } else {
            name = operatorName();
        }
        while (consume("B")) name = name + "[abi:" + sourceName() + "]";
        return name;
    }

    private int numberOrZero() {
        return !atEnd() && Character.isDigit(peek()) ? (int) number() + 1 : 0;
    }

    private String operatorName() {
        if (consume("cv")) return "operator " + type();
        if (consume("li")) return "operator\"\" " + sourceName();
        String code = text.substring(at, at + 2);
        String op = ItaniumVocabulary.OPERATORS.get(code);
        if (op == null) throw new IllegalArgumentException("operator " + code);
        at += 2;
        return Character.isLetter(op.charAt(0)) ? "operator " + op : "operator" + op;
    }

    private String sourceName() {
        int length = (int) number();
        String name = text.substring(at, at + length);
        at += length;
        return name.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : name;
    }

    private long number() {
        boolean isNegative = consume("n");
        int start = at;
        while (!atEnd() && Character.isDigit(peek())) at++;
        if (start == at) throw new IllegalArgumentException("number");
        long value = Long.parseLong(text.substring(start, at));
        return isNegative ? -value : value;
    }

    private String substitution() {
        expect('S');
        char c = peek();
        at++;
        switch (c) {
            case 'a': return "std::allocator";
            case 'b': return "std::basic_string";
            case 's': return ItaniumVocabulary.STRING;
            case 'i': return "std::basic_istream<char, std::char_traits<char> >";
            case 'o': return "std::basic_ostream<char, std::char_traits<char> >";
            case 'd': return "std::basic_iostream<char, std::char_traits<char> >";
            default: break;
        }
        int index = 0;
        if (c != '_') {
            at--;
            int value = 0;
            while (peek() != '_') {
                char digit = peek();
                value = value * 36 + (Character.isDigit(digit) ? digit - '0' : digit - 'A' + 10);
                at++;
            }
            index = value + 1;
            at++;
        }
        return substitutions.get(index);
    }

    private String templateParam() {
        expect('T');
        int index = peek() == '_' ? 0 : (int) number() + 1;
        expect('_');
        return templateArgs.get(index);
    }

    /** {@code operator<< <int>}: a space keeps the operator and the argument list apart. */
    private static String specialize(String name, String args) {
        return name.endsWith("<") ? name + " " + args : name + args;
    }

    /** After 'I': the arguments up to 'E', printed as {@code <a, b>}; those of a name become T_, T0_. */
    private String templateArgs(boolean isNameLevel) {
        var args = new ArrayList<String>();
        while (!consume("E")) args.add(templateArg());
        if (isNameLevel) templateArgs = List.copyOf(args);
        String joined = String.join(", ", args);
        return "<" + joined + (joined.endsWith(">") ? " >" : ">");
    }

    private String templateArg() {
        if (consume("L")) return literal();
        if (consume("J")) {
            var pack = new ArrayList<String>();
            while (!consume("E")) pack.add(templateArg());
            return String.join(", ", pack);
        }
        if (consume("X")) throw new IllegalArgumentException("expression");
        return type().toString();
    }

    private String literal() {
        if (consume("_Z")) {
            String entity = encoding();
            expect('E');
            return entity;
        }
        Type type = type();
        long value = number();
        expect('E');
        return switch (type.toString()) {
            case "bool" -> value == 0 ? "false" : "true";
            case "int" -> Long.toString(value);
            case "unsigned int" -> value + "u";
            case "long" -> value + "l";
            case "unsigned long" -> value + "ul";
            case "long long" -> value + "ll";
            case "unsigned long long" -> value + "ull";
            case "char" -> "(char)" + value;
            default -> "(" + type + ")" + value;
        };
    }

    private Type type() {
        char c = peek();
        if (ItaniumVocabulary.BUILTIN.containsKey(c)) {
            at++;
            return Type.of(ItaniumVocabulary.BUILTIN.get(c));
        }
        if (c == 'D' && at + 1 < text.length() && ItaniumVocabulary.BUILTIN_D.containsKey(text.charAt(at + 1))) {
            at += 2;
            return Type.of(ItaniumVocabulary.BUILTIN_D.get(text.charAt(at - 1)));
        }
        if (consume("u")) return Type.of(sourceName());
        Type type;
        switch (c) {
            case 'K', 'V', 'r' -> {
                at++;
                String qualifier = c == 'K' ? " const" : c == 'V' ? " volatile" : " restrict";
                Type inner = type();
                type = inner.isCompound() ? inner.declare(qualifier.substring(1) + " ") : Type.of(inner.base() + qualifier);
            }
            case 'P' -> {
                at++;
                type = type().declare("*");
            }
            case 'R' -> {
                at++;
                type = type().declare("&");
            }
            case 'O' -> {
                at++;
                type = type().declare("&&");
            }
            case 'F' -> {
                at++;
                consume("Y");
                Type result = type();
                String params = parameters();
                String reference = consume("R") ? " &" : consume("O") ? " &&" : "";
                expect('E');
                type = new Type(result.toString(), "", params + reference, true);
            }
            case 'A' -> {
                at++;
                String size = Character.isDigit(peek()) ? Long.toString(number()) : "";
                expect('_');
                Type element = type();
                type = new Type(element.toString(), "", "[" + size + "]", false);
            }
            case 'M' -> {
                at++;
                Type owner = type();
                Type member = type();
                type = member.isFunction() ? member.declare(owner + "::*") : Type.of(member + " " + owner + "::*");
            }
            case 'T' -> {
                type = Type.of(templateParam());
                if (!atEnd() && peek() == 'I') {
                    // T_ and T_<args> are both substitution candidates
                    substitutions.add(type.toString());
                    at++;
                    type = Type.of(type + templateArgs(false));
                }
            }
            case 'S' -> {
                if (text.startsWith("St", at)) {
                    type = Type.of(nameWithoutTemplateCapture());
                } else {
                    String substitution = substitution();
                    if (!atEnd() && peek() == 'I') {
                        at++;
                        type = Type.of(substitution + templateArgs(false));
                    } else {
                        return Type.of(substitution);
                    }
                }
            }
            case 'N', 'Z' -> type = Type.of(nameWithoutTemplateCapture());
            default -> {
                if (!Character.isDigit(c)) throw new IllegalArgumentException("type " + c);
                type = Type.of(nameWithoutTemplateCapture());
            }
        }
        substitutions.add(type.toString());
        return type;
    }

    /** A class name inside a type: its template arguments must not replace the function's T_ list. */
    private String nameWithoutTemplateCapture() {
        List<String> saved = templateArgs;
        String name = name().text();
        templateArgs = saved;
        return name;
    }
}

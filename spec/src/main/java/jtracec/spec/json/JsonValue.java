package jtracec.spec.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON (RFC 8259) as the project writes it (target snapshots, verifier reports): a small value
 * tree with a writer and a strict reader, integers only, so no module needs a JSON library.
 */
public sealed interface JsonValue {
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public JsonValue get(String name) {
            var value = members.get(name);
            if (value == null) throw new JsonException("missing member \"" + name + "\"");
            return value;
        }
    }

    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    record JsonString(String value) implements JsonValue {}

    record JsonNumber(long value) implements JsonValue {}

    record JsonBoolean(boolean value) implements JsonValue {}

    /** The file is not the JSON this reader expects. */
    final class JsonException extends RuntimeException {
        public JsonException(String message) {
            super(message);
        }
    }

    default String asString() {
        if (this instanceof JsonString string) return string.value();
        throw new JsonException("expected a string, found " + this);
    }

    default long asLong() {
        if (this instanceof JsonNumber number) return number.value();
        throw new JsonException("expected a number, found " + this);
    }

    default boolean asBoolean() {
        if (this instanceof JsonBoolean bool) return bool.value();
        throw new JsonException("expected true or false, found " + this);
    }

    default List<JsonValue> asArray() {
        if (this instanceof JsonArray array) return array.elements();
        throw new JsonException("expected an array, found " + this);
    }

    default JsonObject asObject() {
        if (this instanceof JsonObject object) return object;
        throw new JsonException("expected an object, found " + this);
    }

    default void write(StringBuilder out) {
        switch (this) {
            case JsonObject object -> {
                out.append('{');
                boolean first = true;
                for (var member : object.members().entrySet()) {
                    if (!first) out.append(",\n");
                    first = false;
                    new JsonString(member.getKey()).write(out);
                    out.append(": ");
                    member.getValue().write(out);
                }
                out.append('}');
            }
            case JsonArray array -> {
                out.append('[');
                for (int i = 0; i < array.elements().size(); i++) {
                    if (i > 0) out.append(", ");
                    array.elements().get(i).write(out);
                }
                out.append(']');
            }
            case JsonString string -> {
                out.append('"');
                for (char c : string.value().toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\t' -> out.append("\\t");
                        default -> {
                            if (c < 0x20) out.append("\\u%04x".formatted((int) c));
                            else out.append(c);
                        }
                    }
                }
                out.append('"');
            }
            case JsonNumber number -> out.append(number.value());
            case JsonBoolean bool -> out.append(bool.value());
        }
    }

    /** Parses one value; {@link JsonException} says where the text is not JSON. */
    static JsonValue parse(String text) {
        var reader = new Reader(text);
        var value = reader.value();
        reader.skipSpace();
        if (reader.at < text.length()) throw new JsonException("trailing text at offset " + reader.at);
        return value;
    }

    /** A recursive-descent reader over the text; integers only, as snapshots hold no fractions. */
    final class Reader {
        private final String text;
        private int at;


        private Reader(String text) {
            this.text = text;
        }

        private JsonValue value() {
            skipSpace();
            if (at >= text.length()) throw new JsonException("unexpected end of file");
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> new JsonString(string());
                case 't' -> literal("true", new JsonBoolean(true));
                case 'f' -> literal("false", new JsonBoolean(false));
                default -> number();
            };
        }

        private JsonObject object() {
            var members = new LinkedHashMap<String, JsonValue>();
            at++;
            skipSpace();
            if (peek() == '}') {
                at++;
                return new JsonObject(members);
            }
            while (true) {
                skipSpace();
                var name = string();
                skipSpace();
                expect(':');
                members.put(name, value());
                skipSpace();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return new JsonObject(members);
            }
        }

        private JsonArray array() {
            var elements = new ArrayList<JsonValue>();
            at++;
            skipSpace();
            if (peek() == ']') {
                at++;
                return new JsonArray(elements);
            }
            while (true) {
                elements.add(value());
                skipSpace();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect(']');
                return new JsonArray(elements);
            }
        }

        private String string() {
            expect('"');
            var out = new StringBuilder();
            while (true) {
                if (at >= text.length()) throw new JsonException("unterminated string");
                char c = text.charAt(at++);
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private JsonNumber number() {
            int start = at;
            if (peek() == '-') at++;
            while (at < text.length() && Character.isDigit(text.charAt(at))) at++;
            if (start == at) throw new JsonException("unexpected '" + peek() + "' at offset " + at);
            return new JsonNumber(Long.parseLong(text.substring(start, at)));
        }

        private JsonValue literal(String word, JsonValue value) {
            if (!text.startsWith(word, at)) throw new JsonException("unexpected text at offset " + at);
            at += word.length();
            return value;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) throw new JsonException("expected '" + c + "' at offset " + at);
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
        }
    }
}

package jtracec.compiler.syntax;

import java.util.List;
import java.util.Optional;

/**
 * A {@code #define}: object-like when {@code parameters} is empty, function-like otherwise. It
 * applies to identifiers on lines after {@code definedAtLine} and before {@code undefinedAtLine}.
 */
record Macro(String name, Optional<List<String>> parameters, String body, int definedAtLine, int undefinedAtLine) {
    boolean isActiveAt(int line) {
        return line > definedAtLine && line < undefinedAtLine;
    }

    Macro undefinedAt(int line) {
        return new Macro(name, parameters, body, definedAtLine, line);
    }
}

package jtracec.compiler.syntax;

import java.util.List;
import jtracec.compiler.ast.Include;

/**
 * A script with every directive line and every inactive conditional line emptied (newlines kept,
 * so lines and columns of the rest are those of the original file), the includes it names, and
 * the macros to expand while lexing.
 */
record PreprocessedScript(String text, List<Include> includes, List<Macro> macros) {
    PreprocessedScript {
        includes = List.copyOf(includes);
        macros = List.copyOf(macros);
    }
}

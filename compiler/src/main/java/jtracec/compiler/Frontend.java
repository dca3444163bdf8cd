package jtracec.compiler;

import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ast.Program;
import jtracec.compiler.sema.Sema;
import jtracec.compiler.sema.SemaOptions;
import jtracec.compiler.sema.TypedProgram;
import jtracec.compiler.syntax.ScriptParser;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.Target;
import jtracec.spec.source.SourceFile;

/**
 * The front end: script text to a typed program (preprocess, parse, build the AST, analyse).
 * Mistakes in the script are reported to {@code diags}; a result is returned only without errors.
 */
public final class Frontend {
    /** Parses a script as if the kernel had BTF (BPFTRACE_HAVE_BTF defined), for -d ast and tests. */
    public Optional<Program> parse(SourceFile source, Diagnostics diags) {
        return new ScriptParser(Set.of(ScriptParser.HAVE_BTF)).parse(source, diags);
    }

    public Optional<TypedProgram> analyse(SourceFile source, Target target, SemaOptions options, Diagnostics diags) {
        Set<String> defines = target.supports(KernelFeature.BTF) ? Set.of(ScriptParser.HAVE_BTF) : Set.of();
        Optional<Program> program = new ScriptParser(defines).parse(source, diags);
        if (program.isEmpty()) return Optional.empty();
        var check = new Diagnostics();
        TypedProgram typed = new Sema(target, options).check(program.get(), check);
        check.all().forEach(diags::report);
        return check.hasErrors() ? Optional.empty() : Optional.of(typed);
    }
}

package jtracec.compiler.sema;

import java.util.List;
import java.util.Optional;
import jtracec.compiler.Frontend;
import jtracec.spec.diag.DiagnosticRenderer;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.Target;
import jtracec.spec.source.SourceFile;

/** Runs the front end on a script against the fixture Target, keeping the diagnostics for assertions. */
final class SemaFixture {
    static final Target TARGET = FixtureTarget.machineOrSnapshot();

    final SourceFile source;
    final Diagnostics diags = new Diagnostics();
    final Optional<TypedProgram> typed;

    SemaFixture(String name, String text, SemaOptions options) {
        this.source = new SourceFile(name, text);
        this.typed = new Frontend().analyse(source, TARGET, options, diags);
    }

    SemaFixture(String text) {
        this("test.bt", text, SemaOptions.defaults());
    }

    String rendered() {
        var renderer = new DiagnosticRenderer(List.of(source));
        return diags.all().stream().map(renderer::render).reduce("", String::concat);
    }

    TypedProgram program() {
        return typed.orElseThrow(() -> new AssertionError("expected no errors, got:\n" + rendered()));
    }
}

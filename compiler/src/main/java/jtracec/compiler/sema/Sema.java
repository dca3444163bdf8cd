package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.Include;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Program;
import jtracec.compiler.ast.StructDecl;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.Target;

/**
 * Resolves names and types against a Target. After it, every probe is expanded to concrete
 * attach points, every expression of a probe that attaches somewhere has a type, and every map
 * written has fixed key and value types; or a diagnostic was reported.
 */
public final class Sema {
    private final Target target;
    private final SemaOptions options;

    public Sema(Target target, SemaOptions options) {
        this.target = target;
        this.options = options;
    }

    public TypedProgram check(Program program, Diagnostics diags) {
        var structs = new StructLayouts(target::kernelTypes);
        for (StructDecl struct : program.structs()) structs.declare(struct);

        var expander = new ProbeExpander(target);
        var probes = new ArrayList<TypedProbe>();
        for (Probe probe : program.probes()) {
            var points = new ArrayList<ConcreteProbe>();
            for (AttachSpec spec : probe.attachPoints()) points.addAll(expander.expand(withPositionals(spec), diags));
            probes.add(new TypedProbe(probe, points));
        }
        // A probe that attaches nowhere was reported already; checking its body would only echo that.
        List<TypedProbe> attached = probes.stream().filter(p -> !p.points().isEmpty()).toList();

        // Maps may be read before the write that types them (in an earlier probe, an earlier
        // statement, or the write's own value: @n = @n + 1), so exploring rounds over all probes
        // fix map types until they stop changing (their diagnostics are dropped), then one round
        // checks. bpftrace 0.17 does the same with a fixed number of passes (SemanticAnalyser::analyse).
        var maps = new MapTable();
        for (int round = 0; round < EXPLORING_ROUNDS; round++) {
            List<MapInfo> before = maps.infos();
            for (TypedProbe probe : attached) {
                new TypeChecker(options, target, structs, maps, new IdentityHashMap<>(), Resolutions.empty(), new Diagnostics(),
                        TypeChecker.Round.EXPLORE, probe, List.of()).check();
            }
            if (maps.infos().equals(before)) break;
        }
        var types = new IdentityHashMap<Expr, Type>();
        var resolutions = Resolutions.empty();
        List<Include> unfound = program.includes().stream().filter(include -> !include.isFound()).toList();
        for (TypedProbe probe : attached) {
            new TypeChecker(options, target, structs, maps, types, resolutions, diags, TypeChecker.Round.CHECK, probe, unfound).check();
        }
        return new TypedProgram(program, probes, maps.infos(), types, resolutions.sizeofOperands(), options.positionalParams(),
                resolutions.members(), resolutions.constants(), resolutions.userAddresses(), new StructValues(structs)::of);
    }

    /** bpftrace 0.17's default number of semantic passes (num_passes_ in SemanticAnalyser), less its final one. */
    private static final int EXPLORING_ROUNDS = 9;

    private static final Pattern POSITIONAL = Pattern.compile("\\$(\\d+)");

    /** bpftrace substitutes positional parameters in attach points too, e.g. {@code uprobe:$1:main}. */
    private AttachSpec withPositionals(AttachSpec spec) {
        if (spec.text().indexOf('$') < 0) return spec;
        var parts = spec.parts().stream().map(this::substitute).toList();
        return new AttachSpec(substitute(spec.text()), parts, spec.span());
    }

    private String substitute(String text) {
        Matcher m = POSITIONAL.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            List<String> params = options.positionalParams();
            m.appendReplacement(out, Matcher.quoteReplacement(index >= 1 && index <= params.size() ? params.get(index - 1) : ""));
        }
        m.appendTail(out);
        return out.toString();
    }
}

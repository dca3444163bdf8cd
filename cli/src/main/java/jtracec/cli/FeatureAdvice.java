package jtracec.cli;

import java.util.List;
import java.util.Optional;
import jtracec.loader.AttachRequirements;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Severity;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.BpfObject;

/**
 * The loader's attach requirements as located diagnostics: an error before tracing, a warning
 * under {@code --verify} (the program is proven safe; only this target cannot attach it).
 */
final class FeatureAdvice {
    private final AttachRequirements requirements;

    FeatureAdvice(Target target) {
        this.requirements = new AttachRequirements(target);
    }

    List<Diagnostic> unattachable(BpfObject object, Severity severity) {
        return object.programs().stream()
                .flatMap(program -> requirements.missing(program).stream()
                        .map(missing -> new Diagnostic(severity, CliCode.CANNOT_ATTACH_HERE, missing.getMessage(), program.span(),
                                List.of(), Optional.of(missing.help()))))
                .toList();
    }
}

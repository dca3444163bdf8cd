package jtracec.spec.helper;

import java.util.List;
import java.util.Set;
import jtracec.spec.kernel.ProgramType;

/**
 * A helper's contract, mirroring the kernel's {@code struct bpf_func_proto}: what it returns,
 * what each argument must be, which program types may call it, and whether it is GPL-only.
 * Codegen emits calls by it, the verifier checks calls against it, the interpreter runs it.
 */
public record HelperProto(HelperId id, ReturnKind returns, List<ArgKind> args, Set<ProgramType> programTypes,
                          boolean isGplOnly) {
    public HelperProto {
        args = List.copyOf(args);
        programTypes = Set.copyOf(programTypes);
        if (args.size() > 5) throw new IllegalArgumentException("bug: helper with more than 5 arguments: " + id);
    }
}

package jtracec.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ir.Function;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;

/**
 * Merges the functions one probe block lowers to, one per concrete attach point, into one function
 * per distinct code, attached at every site that lowered to it: bpftrace's one program per probe
 * block, attached to every match. Code that depends on the point stays apart by construction: the
 * {@code probe} builtin writes the point's own name, tracepoint {@code args} of different layouts
 * read different offsets, different program types are never equal. fentry/fexit programs are never
 * merged, since the kernel binds each one at load time to its function's BTF id.
 */
final class ProgramMerging {
    private final Probe block;
    private final List<Function> merged = new ArrayList<>();

    ProgramMerging(Probe block) {
        this.block = block;
    }

    void add(Function function) {
        if (!(function.sites().get(0).point() instanceof AttachPoint.Kfunc)) {
            for (int i = 0; i < merged.size(); i++) {
                Function existing = merged.get(i);
                if (existing.programType() == function.programType() && existing.blocks().equals(function.blocks())
                        && !(existing.sites().get(0).point() instanceof AttachPoint.Kfunc)) {
                    var sites = new ArrayList<>(existing.sites());
                    sites.addAll(function.sites());
                    merged.set(i, existing.withSites(blockName(), sites));
                    return;
                }
            }
        }
        merged.add(function);
    }

    List<Function> functions() {
        return List.copyOf(merged);
    }

    /** The block's attach points as the script wrote them, which name a function with several sites. */
    private String blockName() {
        return block.attachPoints().stream().map(AttachSpec::text).collect(Collectors.joining(","));
    }
}

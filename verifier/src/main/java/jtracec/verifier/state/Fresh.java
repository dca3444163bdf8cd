package jtracec.verifier.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes fresh symbolic variables for one program's analysis, and remembers which of them are
 * program inputs. The context is read-only, so every read of the same context bytes is the same
 * variable on every path.
 */
public final class Fresh {
    private int next;
    private final Map<Term.Var, Origin> inputs = new LinkedHashMap<>();
    private final Map<Origin, Term.Var> contextReads = new HashMap<>();

    public Term.Var variable(String name) {
        return new Term.Var(next++, name);
    }

    public Term.Var contextRead(int offset, int size) {
        return contextReads.computeIfAbsent(new Origin.ContextBytes(offset, size), origin -> {
            Term.Var v = variable("ctx[%d..%d]".formatted(offset, offset + size));
            inputs.put(v, origin);
            return v;
        });
    }

    public Term.Var helperResult(int pc, String helper) {
        Term.Var v = variable(helper + "@" + pc);
        inputs.put(v, new Origin.HelperResult(pc, helper));
        return v;
    }

    /** The inputs made so far, in order of creation. */
    public Map<Term.Var, Origin> inputs() {
        return Collections.unmodifiableMap(inputs);
    }
}

package jtracec.compiler.sema;

import java.util.List;
import jtracec.spec.source.SourceSpan;

/** A script map: key types (empty for a scalar map) and value type, fixed by first use. */
public record MapInfo(String name, List<Type> keyTypes, Type valueType, SourceSpan firstUse) {
    public MapInfo { keyTypes = List.copyOf(keyTypes); }

    /** The name as the script writes it: {@code @} or {@code @name}. */
    public String scriptName() {
        return "@" + name;
    }
}

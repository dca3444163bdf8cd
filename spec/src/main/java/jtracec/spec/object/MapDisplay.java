package jtracec.spec.object;

import java.util.List;

/** How user space prints a script map: its script name ({@code @} or {@code @name}), key fields and value meaning. */
public record MapDisplay(String scriptName, List<Field> key, MapValueKind value) {
    public MapDisplay {
        key = List.copyOf(key);
    }

    public boolean isScalar() {
        return key.isEmpty();
    }
}

package jtracec.loader.print;

import java.util.List;
import jtracec.spec.object.MapSpec;

/** A map's spec and its entries in the kernel's iteration order (BPF_MAP_GET_NEXT_KEY). */
public record MapContents(MapSpec spec, List<MapEntry> entries) {
    public MapContents {
        entries = List.copyOf(entries);
    }
}

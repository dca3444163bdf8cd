package jtracec.spec.object;

import java.util.Optional;
import jtracec.spec.kernel.MapType;

/**
 * A map the object needs created before its programs load. Programs refer to it by its index
 * in {@link BpfObject#maps()} (lddw with a map pseudo source); the loader relocates that to an fd.
 * Script maps carry a display; internal maps (event ring buffer, scratch space) do not.
 */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries,
                      Optional<MapDisplay> display) {}

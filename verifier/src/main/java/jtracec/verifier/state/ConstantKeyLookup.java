package jtracec.verifier.state;

import java.util.List;
import java.util.Optional;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.MapSpec;

/**
 * When a {@code bpf_map_lookup_elem} cannot return null, as the kernel's verifier (Linux 6.14,
 * {@code can_elide_value_nullness()} and {@code get_constant_map_key()}) decides it: an array or
 * per-CPU array map, a key on the stack at a constant offset whose bytes the kernel knows to be a
 * constant below {@code max_entries}. The kernel knows a key's value in two ways only, and so do we:
 * <ul>
 * <li>a register spill of exactly the key's size at the start of an 8-byte slot (any store of a
 *     number there), not since scrubbed by a partial write, whose whole 64-bit value is constant;
 * <li>zero bytes ({@code STACK_ZERO}) from a store of the constant 0 that does not start a slot, the
 *     key inside that slot.
 * </ul>
 * Anything else (keys assembled from several stores, joined values, keys crossing a slot) keeps the
 * result nullable. Only for targets that have {@code KernelFeature.CONSTANT_KEY_ARRAY_LOOKUP}.
 */
public final class ConstantKeyLookup {
    private final Optional<List<MapSpec>> maps;

    private ConstantKeyLookup(Optional<List<MapSpec>> maps) {
        this.maps = maps.map(List::copyOf);
    }

    /** For a kernel that makes every lookup's result nullable. */
    public static ConstantKeyLookup never() {
        return new ConstantKeyLookup(Optional.empty());
    }

    /** For a kernel that elides nullness, with the object's maps. */
    public static ConstantKeyLookup of(List<MapSpec> maps) {
        return new ConstantKeyLookup(Optional.of(maps));
    }

    /** True when looking up {@code key} (r2) in map number {@code map} cannot return null. */
    boolean isNeverNull(int map, Value key, StackMemory stack) {
        if (maps.isEmpty() || map < 0 || map >= maps.get().size()) return false;
        MapSpec spec = maps.get().get(map);
        if (spec.type() != MapType.ARRAY && spec.type() != MapType.PERCPU_ARRAY) return false;
        if (!(key instanceof Value.StackPointer p && p.offset() instanceof Term.Const c)) return false;
        int offset = (int) c.value(), size = spec.keySize();
        int inSlot = Math.floorMod(offset, StackMemory.SLOT);
        if (offset < -StackMemory.SIZE || size < 1 || inSlot + size > StackMemory.SLOT) return false;
        Optional<StackMemory.Cell> cell = stack.cellAt(offset, size);
        if (cell.isEmpty() || !(cell.get().value() instanceof Value.Scalar sc && sc.value() instanceof Term.Const k)) return false;
        long value = k.value();
        if (inSlot != 0) return value == 0; // STACK_ZERO bytes: only a store of the number 0 makes them
        return value >= 0 && value < Integer.toUnsignedLong(spec.maxEntries());
    }
}

package jtracec.spec.interp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The address space of the model: a table of disjoint regions, each a window of a byte array.
 *
 * <p>A pointer is a tagged 64-bit value: the region id in bits 32–62 and the byte offset within
 * the region in bits 0–31 ({@code id << 32 | offset}). Region ids start at 1, so every value
 * below 2^32, null included, points nowhere. Programs may add to and subtract from pointers
 * freely; an access is checked when it happens, against the region the address names, and
 * faults unless all its bytes lie inside that region (and, for a store, the region is writable).
 * Running off either end of a region changes the id or leaves the offset past the length, so it
 * can never reach a neighbouring region's bytes. Freed ids are reused only after
 * {@link #QUARANTINE} other frees, so a stale pointer to a released reservation faults.
 */
public final class Memory {
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** Freed ids wait this many further frees before reuse, so use-after-free is caught, not aliased. */
    static final int QUARANTINE = 64;

    // Parallel arrays indexed by region id; package-visible so the interpreter's loop reads them directly.
    byte[][] data = new byte[16][];
    int[] base = new int[16];
    int[] length = new int[16];
    boolean[] isWritable = new boolean[16];
    RegionKind[] kind = new RegionKind[16];
    int[] tag = new int[16];
    int count = 1;
    private final ArrayDeque<Integer> freed = new ArrayDeque<>();

    public static long pointer(int region, int offset) {
        return (long) region << 32 | (offset & 0xffff_ffffL);
    }

    public static int regionOf(long address) {
        return (int) (address >>> 32);
    }

    public static int offsetOf(long address) {
        return (int) address;
    }

    /** Adds a region over {@code data[base, base+length)} and returns its id. */
    public int add(byte[] bytes, int start, int size, RegionKind regionKind, Access access, int regionTag) {
        int id;
        if (freed.size() > QUARANTINE) {
            id = freed.removeFirst();
        } else {
            if (count == data.length) grow();
            id = count++;
        }
        data[id] = bytes;
        base[id] = start;
        length[id] = size;
        isWritable[id] = access == Access.READ_WRITE;
        kind[id] = regionKind;
        tag[id] = regionTag;
        return id;
    }

    /** Whether a region may be stored to. */
    public enum Access { READ_ONLY, READ_WRITE }

    /** Releases a region: later accesses through its pointers fault. */
    public void free(int id) {
        if (id <= 0 || id >= count || data[id] == null) throw new IllegalStateException("bug: free of region " + id);
        data[id] = null;
        length[id] = -1;
        isWritable[id] = false;
        kind[id] = null;
        freed.addLast(id);
    }

    private void grow() {
        int size = data.length * 2;
        data = Arrays.copyOf(data, size);
        base = Arrays.copyOf(base, size);
        length = Arrays.copyOf(length, size);
        isWritable = Arrays.copyOf(isWritable, size);
        kind = Arrays.copyOf(kind, size);
        tag = Arrays.copyOf(tag, size);
    }

    public boolean isLive(int id) {
        return id > 0 && id < count && data[id] != null;
    }

    public RegionKind kind(int id) {
        if (!isLive(id)) throw new HelperFault("no region %d".formatted(id));
        return kind[id];
    }

    public int tag(int id) {
        return tag[id];
    }

    public int length(int id) {
        return length[id];
    }

    /** Region id of an access of {@code size} bytes at {@code address}, or 0 if it is not inside one region. */
    int readable(long address, int size) {
        int id = (int) (address >>> 32);
        int offset = (int) address;
        if (id <= 0 || id >= count || offset < 0 || offset > length[id] - size) return 0;
        return id;
    }

    int writable(long address, int size) {
        int id = readable(address, size);
        return id != 0 && isWritable[id] ? id : 0;
    }

    String describe(long address, int size, String access) {
        int id = (int) (address >>> 32);
        int offset = (int) address;
        if (id <= 0 || id >= count) {
            return "%s of %d bytes at 0x%x: no region there".formatted(access, size, address);
        }
        if (data[id] == null) return "%s of %d bytes at 0x%x: region %d was released".formatted(access, size, address, id);
        if (offset < 0 || offset > length[id] - size) {
            return "%s of %d bytes at offset %d of %s region %d (%d bytes)".formatted(
                    access, size, offset, kind[id].name().toLowerCase(java.util.Locale.ROOT), id, length[id]);
        }
        return "%s of %d bytes at 0x%x: %s region %d is read-only".formatted(
                access, size, address, kind[id].name().toLowerCase(java.util.Locale.ROOT), id);
    }

    /** Little-endian load of 1, 2, 4 or 8 bytes, zero-extended; faults outside a region. */
    public long load(long address, int size) {
        int id = readable(address, size);
        if (id == 0) throw new HelperFault(describe(address, size, "read"));
        return loadAt(data[id], base[id] + (int) address, size);
    }

    public void store(long address, int size, long value) {
        int id = writable(address, size);
        if (id == 0) throw new HelperFault(describe(address, size, "write"));
        storeAt(data[id], base[id] + (int) address, size, value);
    }

    public byte[] read(long address, int size) {
        if (size == 0) return new byte[0];
        int id = size < 0 ? 0 : readable(address, size);
        if (id == 0) throw new HelperFault(describe(address, size, "read"));
        int start = base[id] + (int) address;
        return Arrays.copyOfRange(data[id], start, start + size);
    }

    public void write(long address, byte[] bytes) {
        if (bytes.length == 0) return;
        int id = writable(address, bytes.length);
        if (id == 0) throw new HelperFault(describe(address, bytes.length, "write"));
        System.arraycopy(bytes, 0, data[id], base[id] + (int) address, bytes.length);
    }

    /** The bytes readable from address to the end of its region (for string helpers), or fault. */
    public byte[] readToEnd(long address, int limit) {
        int id = readable(address, 1);
        if (id == 0) throw new HelperFault(describe(address, 1, "read"));
        int available = Math.min(limit, length[id] - (int) address);
        int start = base[id] + (int) address;
        return Arrays.copyOfRange(data[id], start, start + available);
    }

    static long loadAt(byte[] bytes, int at, int size) {
        return switch (size) {
            case 1 -> bytes[at] & 0xffL;
            case 2 -> (short) SHORT.get(bytes, at) & 0xffffL;
            case 4 -> (int) INT.get(bytes, at) & 0xffff_ffffL;
            default -> (long) LONG.get(bytes, at);
        };
    }

    static void storeAt(byte[] bytes, int at, int size, long value) {
        switch (size) {
            case 1 -> bytes[at] = (byte) value;
            case 2 -> SHORT.set(bytes, at, (short) value);
            case 4 -> INT.set(bytes, at, (int) value);
            default -> LONG.set(bytes, at, value);
        }
    }
}

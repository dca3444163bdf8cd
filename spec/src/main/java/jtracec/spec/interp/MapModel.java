package jtracec.spec.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.kernel.KernelLimits;
import jtracec.spec.object.MapSpec;

/**
 * The state of one BPF map, after the kernel's map implementations in kernel/bpf/ (hashtab.c,
 * arraymap.c, ringbuf.c, stackmap.c). Values live in {@link Memory} regions, so a pointer a
 * lookup returns is an ordinary bounds-checked pointer; deleting an entry releases its region.
 * Element operations return the kernel's return codes (0 or a negative errno).
 */
public sealed interface MapModel {
    int ENOENT = -2, E2BIG = -7, EAGAIN = -11, EFAULT = -14, EEXIST = -17, EINVAL = -22;
    /** Update flags of bpf_map_update_elem (include/uapi/linux/bpf.h). */
    long BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2;

    MapSpec spec();

    /** A key's bytes with value equality, so byte arrays can key Java maps. */
    record Bytes(byte[] bytes) {
        public Bytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }

    /**
     * HASH, PERCPU_HASH and LRU_HASH. A per-CPU entry holds one value per possible CPU; a program
     * sees and updates the slot of the CPU it runs on. LRU evicts the least recently used entry
     * when full instead of failing with E2BIG.
     */
    final class HashMapModel implements MapModel {
        private final MapSpec spec;
        private final int cpus;
        private final boolean isLru;
        private final Memory memory;
        private final LinkedHashMap<Bytes, Entry> entries;

        private static final class Entry {
            final byte[] values;
            final int[] regions;

            Entry(byte[] values, int cpus) {
                this.values = values;
                this.regions = new int[cpus];
            }
        }

        HashMapModel(MapSpec spec, int cpus, Memory memory) {
            this.spec = spec;
            this.cpus = spec.type().isPerCpu() ? cpus : 1;
            this.isLru = spec.type() == jtracec.spec.kernel.MapType.LRU_HASH;
            this.memory = memory;
            this.entries = new LinkedHashMap<>(16, 0.75f, isLru);
        }

        public MapSpec spec() {
            return spec;
        }

        /** The pointer a program gets from bpf_map_lookup_elem, or 0. */
        long lookup(byte[] key, int cpu) {
            Entry entry = entries.get(new Bytes(key));
            if (entry == null) return 0;
            int slot = cpus == 1 ? 0 : cpu;
            if (entry.regions[slot] == 0) {
                entry.regions[slot] = memory.add(entry.values, slot * spec.valueSize(), spec.valueSize(),
                        RegionKind.MAP_VALUE, Memory.Access.READ_WRITE, 0);
            }
            return Memory.pointer(entry.regions[slot], 0);
        }

        long update(byte[] key, byte[] value, long flags, int cpu) {
            if (flags > BPF_EXIST) return EINVAL;
            Bytes k = new Bytes(key);
            Entry entry = entries.get(k);
            if (entry != null && flags == BPF_NOEXIST) return EEXIST;
            if (entry == null && flags == BPF_EXIST) return ENOENT;
            if (entry == null) {
                if (entries.size() >= spec.maxEntries()) {
                    if (!isLru) return E2BIG;
                    Bytes eldest = entries.keySet().iterator().next();
                    release(entries.remove(eldest));
                }
                entry = new Entry(new byte[cpus * spec.valueSize()], cpus);
                entries.put(k, entry);
            }
            System.arraycopy(value, 0, entry.values, (cpus == 1 ? 0 : cpu) * spec.valueSize(), spec.valueSize());
            return 0;
        }

        long delete(byte[] key) {
            Entry entry = entries.remove(new Bytes(key));
            if (entry == null) return ENOENT;
            release(entry);
            return 0;
        }

        private void release(Entry entry) {
            for (int region : entry.regions) {
                if (region != 0) memory.free(region);
            }
        }

        public List<byte[]> keys() {
            return entries.keySet().stream().map(Bytes::bytes).toList();
        }

        /** The value of a key as the given CPU sees it. */
        public Optional<byte[]> value(byte[] key, int cpu) {
            Entry entry = entries.get(new Bytes(key));
            if (entry == null) return Optional.empty();
            int slot = cpus == 1 ? 0 : cpu;
            return Optional.of(Arrays.copyOfRange(entry.values, slot * spec.valueSize(), (slot + 1) * spec.valueSize()));
        }

        /** Every CPU's value of a key (one element for a shared map), as user space reads a per-CPU map. */
        public List<byte[]> values(byte[] key) {
            Entry entry = entries.get(new Bytes(key));
            if (entry == null) return List.of();
            List<byte[]> values = new ArrayList<>();
            for (int slot = 0; slot < cpus; slot++) {
                values.add(Arrays.copyOfRange(entry.values, slot * spec.valueSize(), (slot + 1) * spec.valueSize()));
            }
            return values;
        }

        public int size() {
            return entries.size();
        }
    }

    /** ARRAY and PERCPU_ARRAY: u32 keys below max_entries, every element exists and starts zeroed. */
    final class ArrayMapModel implements MapModel {
        private final MapSpec spec;
        private final int cpus;
        private final Memory memory;
        private final byte[] values;
        private final int[] regions;

        ArrayMapModel(MapSpec spec, int cpus, Memory memory) {
            this.spec = spec;
            this.cpus = spec.type().isPerCpu() ? cpus : 1;
            this.memory = memory;
            this.values = new byte[Math.multiplyExact(Math.multiplyExact(spec.maxEntries(), spec.valueSize()), this.cpus)];
            this.regions = new int[spec.maxEntries() * this.cpus];
        }

        public MapSpec spec() {
            return spec;
        }

        private int slot(long index, int cpu) {
            return (int) index * cpus + (cpus == 1 ? 0 : cpu);
        }

        long lookup(byte[] key, int cpu) {
            long index = index(key);
            if (index < 0) return 0;
            return elementPointer(index, cpu);
        }

        long elementPointer(long index, int cpu) {
            int slot = slot(index, cpu);
            if (regions[slot] == 0) {
                regions[slot] = memory.add(values, slot * spec.valueSize(), spec.valueSize(), RegionKind.MAP_VALUE,
                        Memory.Access.READ_WRITE, 0);
            }
            return Memory.pointer(regions[slot], 0);
        }

        long update(byte[] key, byte[] value, long flags, int cpu) {
            if (flags > BPF_EXIST) return EINVAL;
            long index = index(key);
            if (index < 0) return E2BIG;
            if (flags == BPF_NOEXIST) return EEXIST;
            System.arraycopy(value, 0, values, slot(index, cpu) * spec.valueSize(), spec.valueSize());
            return 0;
        }

        /** arraymap.c: array_map_delete_elem is -EINVAL, elements cannot be removed. */
        long delete() {
            return EINVAL;
        }

        private long index(byte[] key) {
            if (key.length != 4) return -1;
            long index = (key[0] & 0xffL) | (key[1] & 0xffL) << 8 | (key[2] & 0xffL) << 16 | (key[3] & 0xffL) << 24;
            return index < spec.maxEntries() ? index : -1;
        }

        public Optional<byte[]> value(int index, int cpu) {
            if (index < 0 || index >= spec.maxEntries()) return Optional.empty();
            int start = slot(index, cpu) * spec.valueSize();
            return Optional.of(Arrays.copyOfRange(values, start, start + spec.valueSize()));
        }

        public List<byte[]> values(int index) {
            List<byte[]> all = new ArrayList<>();
            for (int cpu = 0; cpu < cpus; cpu++) value(index, cpu).ifPresent(all::add);
            return all;
        }
    }

    /**
     * RINGBUF: records a program reserved and submitted (or output), in submission order, until
     * user space drains them. Capacity is max_entries bytes, each record taking its length plus an
     * 8-byte header rounded up to 8 (BPF_RINGBUF_HDR_SZ in ringbuf.c).
     */
    final class RingBufferModel implements MapModel {
        private final MapSpec spec;
        private final List<byte[]> records = new ArrayList<>();
        private long used;

        RingBufferModel(MapSpec spec) {
            this.spec = spec;
        }

        public MapSpec spec() {
            return spec;
        }

        static long footprint(int size) {
            return (size + KernelLimits.RINGBUF_HEADER_SIZE + 7L) & ~7L;
        }

        boolean claim(int size) {
            if (used + footprint(size) > spec.maxEntries()) return false;
            used += footprint(size);
            return true;
        }

        void release(int size) {
            used -= footprint(size);
        }

        void commit(byte[] record) {
            records.add(record);
        }

        /** bpf_ringbuf_query: BPF_RB_AVAIL_DATA (0) bytes waiting, BPF_RB_RING_SIZE (1) capacity; others 0. */
        long query(long flag) {
            return flag == 0 ? used : flag == 1 ? spec.maxEntries() : 0;
        }

        /** Submitted records not yet drained, oldest first. */
        public List<byte[]> records() {
            return records.stream().map(byte[]::clone).toList();
        }

        /** Returns and consumes the submitted records, freeing their space. */
        public List<byte[]> drain() {
            List<byte[]> drained = records();
            for (byte[] record : records) used -= footprint(record.length);
            records.clear();
            return drained;
        }
    }

    /** PERF_EVENT_ARRAY: what bpf_perf_event_output sent, with the CPU it was sent on. */
    final class PerfEventArrayModel implements MapModel {
        private final MapSpec spec;
        private final List<PerfRecord> records = new ArrayList<>();

        public record PerfRecord(int cpu, byte[] data) {
            public PerfRecord {
                data = data.clone();
            }
        }

        PerfEventArrayModel(MapSpec spec) {
            this.spec = spec;
        }

        public MapSpec spec() {
            return spec;
        }

        void output(int cpu, byte[] data) {
            records.add(new PerfRecord(cpu, data));
        }

        public List<PerfRecord> records() {
            return List.copyOf(records);
        }
    }

    /**
     * STACK_TRACE: stack id → instruction pointers. Ids are a hash of the frames modulo
     * max_entries, as stackmap.c buckets them, so two different stacks can collide (-EEXIST
     * unless BPF_F_REUSE_STACKID).
     */
    final class StackTraceMapModel implements MapModel {
        private final MapSpec spec;
        private final Map<Integer, long[]> stacks = new LinkedHashMap<>();

        StackTraceMapModel(MapSpec spec) {
            this.spec = spec;
        }

        public MapSpec spec() {
            return spec;
        }

        static final long USER_STACK = 1 << 8, REUSE_STACKID = 1 << 10, SKIP_MASK = 0xff;

        long store(List<Long> frames, long flags) {
            int skip = (int) (flags & SKIP_MASK);
            int depth = spec.valueSize() / 8;
            if (frames.size() <= skip) return EFAULT;
            long[] kept = frames.subList(skip, Math.min(frames.size(), skip + depth)).stream().mapToLong(Long::longValue).toArray();
            int id = Math.floorMod(Arrays.hashCode(kept), spec.maxEntries());
            long[] existing = stacks.get(id);
            if (existing != null && !Arrays.equals(existing, kept) && (flags & REUSE_STACKID) == 0) return EEXIST;
            stacks.put(id, kept);
            return id;
        }

        public Optional<List<Long>> stack(int id) {
            long[] frames = stacks.get(id);
            return frames == null ? Optional.empty() : Optional.of(Arrays.stream(frames).boxed().toList());
        }

        public List<Integer> ids() {
            return List.copyOf(stacks.keySet());
        }
    }
}

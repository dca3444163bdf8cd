package jtracec.loader.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code union bpf_attr} of BPF_LINK_CREATE for a kprobe_multi link, with the native memory it
 * points into: {@code link_create} is prog_fd at 0, target_fd at 4 (unused: 0), attach_type at 8
 * (BPF_TRACE_KPROBE_MULTI), flags at 12 (0); then {@code kprobe_multi} at 16: flags (u32,
 * BPF_F_KPROBE_MULTI_RETURN for a kretprobe), cnt (u32) at 20, syms at 24 (a pointer to
 * {@code cnt} pointers to NUL-terminated names), addrs at 32 and cookies at 40 (both 0: the kernel
 * resolves the names itself, and no program reads a cookie). Offsets as in include/uapi/linux/bpf.h
 * (6.18). Closing it frees the attribute, the pointer array and the names.
 */
public final class KprobeMultiAttribute implements AutoCloseable {
    static final int OFFSET_PROGRAM = 0, OFFSET_ATTACH_TYPE = 8, OFFSET_MULTI_FLAGS = 16, OFFSET_COUNT = 20,
            OFFSET_SYMBOLS = 24, OFFSET_ADDRESSES = 32, OFFSET_COOKIES = 40;

    private final Memory attr;
    private final Memory symbols;
    private final Memory names;

    KprobeMultiAttribute(int attrSize, int program, List<String> functions, int flags) {
        if (functions.isEmpty()) throw new IllegalArgumentException("bug: a kprobe_multi link needs at least one function");
        attr = new Memory(attrSize);
        attr.clear();
        var encoded = functions.stream().map(name -> (name + "\0").getBytes(StandardCharsets.US_ASCII)).toList();
        names = new Memory(encoded.stream().mapToLong(bytes -> bytes.length).sum());
        symbols = new Memory(8L * functions.size());
        long offset = 0;
        for (int i = 0; i < encoded.size(); i++) {
            names.write(offset, encoded.get(i), 0, encoded.get(i).length);
            symbols.setLong(8L * i, Pointer.nativeValue(names) + offset);
            offset += encoded.get(i).length;
        }
        attr.setInt(OFFSET_PROGRAM, program);
        attr.setInt(OFFSET_ATTACH_TYPE, Bpf.ATTACH_TRACE_KPROBE_MULTI);
        attr.setInt(OFFSET_MULTI_FLAGS, flags);
        attr.setInt(OFFSET_COUNT, functions.size());
        attr.setLong(OFFSET_SYMBOLS, Pointer.nativeValue(symbols));
    }

    Memory attr() {
        return attr;
    }

    /** The attribute's bytes as the kernel will read them. */
    public byte[] bytes() {
        return attr.getByteArray(0, (int) attr.size());
    }

    /** The names the syms array points at, read back through its pointers (what the kernel copies in). */
    public List<String> symbolNames() {
        int count = attr.getInt(OFFSET_COUNT);
        var array = new Pointer(attr.getLong(OFFSET_SYMBOLS));
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new Pointer(array.getLong(8L * i)).getString(0, StandardCharsets.US_ASCII.name()))
                .toList();
    }

    @Override
    public void close() {
        attr.close();
        symbols.close();
        names.close();
    }
}

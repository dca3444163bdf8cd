package jtracec.loader.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The BPF_LINK_CREATE attribute of a kprobe_multi link, byte by byte (no kernel needed: it is only built). */
class KprobeMultiAttributeTest {
    @Test
    void theAttributeNamesTheProgramAttachTypeCountAndAnArrayOfNamePointers() {
        try (var attribute = Bpf.kprobeMultiAttribute(17, List.of("vfs_read", "vfs_readv", "ksys_read"), 0)) {
            var bytes = ByteBuffer.wrap(attribute.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(144, bytes.capacity(), "the whole union bpf_attr is passed");
            assertEquals(17, bytes.getInt(0), "link_create.prog_fd");
            assertEquals(0, bytes.getInt(4), "link_create.target_fd is unused");
            assertEquals(42, bytes.getInt(8), "link_create.attach_type = BPF_TRACE_KPROBE_MULTI");
            assertEquals(0, bytes.getInt(12), "link_create.flags");
            assertEquals(0, bytes.getInt(16), "kprobe_multi.flags: an entry probe");
            assertEquals(3, bytes.getInt(20), "kprobe_multi.cnt");
            assertEquals(0L, bytes.getLong(32), "kprobe_multi.addrs: the kernel resolves the names");
            assertEquals(0L, bytes.getLong(40), "kprobe_multi.cookies: none");
            for (int offset = 48; offset < 144; offset++) assertEquals(0, bytes.get(offset), "byte " + offset + " past kprobe_multi is zero");
            assertEquals(List.of("vfs_read", "vfs_readv", "ksys_read"), attribute.symbolNames(), "syms points at cnt pointers to C strings");
        }
    }

    @Test
    void aReturnProbeSetsTheReturnFlagInKprobeMultiFlagsNotLinkCreateFlags() {
        try (var attribute = Bpf.kprobeMultiAttribute(3, List.of("do_nanosleep"), Bpf.KPROBE_MULTI_RETURN)) {
            var bytes = ByteBuffer.wrap(attribute.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, bytes.getInt(12), "link_create.flags");
            assertEquals(1, bytes.getInt(16), "kprobe_multi.flags = BPF_F_KPROBE_MULTI_RETURN");
            assertEquals(1, bytes.getInt(20));
            assertEquals(List.of("do_nanosleep"), attribute.symbolNames());
        }
    }

    @Test
    void theSymbolPointersAreDistinctAndEachNameIsTerminated() {
        try (var attribute = Bpf.kprobeMultiAttribute(3, List.of("a", "bb", "ccc"), 0)) {
            var bytes = ByteBuffer.wrap(attribute.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            var array = new com.sun.jna.Pointer(bytes.getLong(24));
            long first = array.getLong(0), second = array.getLong(8), third = array.getLong(16);
            assertEquals(first + 2, second, "\"a\\0\" then \"bb\\0\"");
            assertEquals(second + 3, third);
            assertEquals(0, new com.sun.jna.Pointer(third).getByte(3), "NUL after the last name");
        }
    }

    @Test
    void aLinkWithoutFunctionsIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Bpf.kprobeMultiAttribute(3, List.of(), 0));
    }
}

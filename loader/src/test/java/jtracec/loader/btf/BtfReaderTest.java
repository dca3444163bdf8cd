package jtracec.loader.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.KernelTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decodes this machine's vmlinux BTF and checks facts any x86-64 Linux 6.x kernel has. */
class BtfReaderTest {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static KernelTypes types;

    @BeforeAll
    static void decode() throws IOException {
        jtracec.loader.KernelRequirement.require(Files.isReadable(VMLINUX), VMLINUX + " is not readable (kernel built without CONFIG_DEBUG_INFO_BTF)");
        types = BtfReader.read(VMLINUX);
    }

    @Test
    void knowsTaskStructAndItsPid() {
        int task = types.structId("task_struct").orElseThrow();
        var pid = types.member(task, "pid").orElseThrow();
        assertEquals("pid_t", types.spell(pid.type()));
        assertEquals(4, types.sizeOf(pid.type()));
        assertEquals(0, pid.bitOffset() % 8);
        assertTrue(types.sizeOf(task) > 1000);
    }

    @Test
    void reachesThroughAnonymousMembers() {
        int sock = types.structId("sock").orElseThrow();
        var family = types.member(sock, "__sk_common").orElseThrow();
        int common = types.resolve(family.type());
        // skc_family sits inside struct sock_common directly; skc_daddr inside an anonymous union/struct
        assertTrue(types.member(common, "skc_family").isPresent());
        assertTrue(types.member(common, "skc_daddr").isPresent());
    }

    @Test
    void enumeratorsAndSignatures() {
        assertEquals(4, types.enumerator("TCP_FIN_WAIT1").orElseThrow());
        var proto = types.signature("vfs_read").orElseThrow();
        assertEquals(4, proto.parameters().size());
        assertEquals("file", proto.parameters().get(0).name());
        assertEquals("struct file *", types.spell(proto.parameters().get(0).type()));
        assertInstanceOf(BtfType.Int.class, types.type(types.resolve(proto.returnType())));
    }

    @Test
    void refusesWhatIsNotBtf() throws IOException {
        assertThrows(IOException.class, () -> BtfReader.decode(new byte[] {1, 2, 3}));
        var blob = Files.readAllBytes(VMLINUX);
        var truncated = java.util.Arrays.copyOf(blob, 4096);
        assertThrows(IOException.class, () -> BtfReader.decode(truncated));
    }
}

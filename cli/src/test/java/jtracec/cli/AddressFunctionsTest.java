package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ntop, pton, bswap, macaddr, kaddr, uaddr and cgroupid end to end on this machine's kernel.
 * {@code golden/address/<case>.out} and {@code .json} are what bpftrace 0.17 printed for
 * {@code <case>.bt} here (text and {@code -f json}); jtracec must print the same bytes.
 */
@Tag("kernel")
class AddressFunctionsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/address");

    @BeforeEach
    void needsKernel() {
        KernelRequirement.require();
    }

    @TestFactory
    Stream<DynamicTest> scriptsPrintWhatBpftracePrinted() {
        return Stream.of("ntop", "bswap", "macaddr", "kaddr").flatMap(name -> Stream.of(
                DynamicTest.dynamicTest(name + " text", () -> assertPrintsGolden(name, ".out")),
                DynamicTest.dynamicTest(name + " json", () -> assertPrintsGolden(name, ".json", "-f", "json"))));
    }

    private static void assertPrintsGolden(String name, String extension, String... options) throws IOException {
        KernelRequirement.require();
        var args = new java.util.ArrayList<>(List.of(options));
        args.add(GOLDEN.resolve(name + ".bt").toString());
        var result = Jtracec.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(Files.readString(GOLDEN.resolve(name + extension), StandardCharsets.UTF_8), result.out());
    }

    /** The arrays of inet_sock_set_state live in the tracepoint's context; ntop reads them there. */
    @Test
    void ntopOfTracepointArraysNamesBothEndsOfLoopbackConnections() throws Exception {
        try (var v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             var v6 = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            int port4 = v4.getLocalPort(), port6 = v6.getLocalPort();
            var connector = Thread.ofPlatform().daemon().start(() -> {
                for (int i = 0; i < 40; i++) {
                    try (var a = new Socket(); var b = new Socket()) {
                        a.connect(new InetSocketAddress("127.0.0.1", port4));
                        b.connect(new InetSocketAddress("::1", port6));
                        Thread.sleep(100);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            var result = Jtracec.run("-e", """
                    tracepoint:sock:inet_sock_set_state /args->newstate == 1 && (args->dport == %d || args->dport == %d)/ {
                      if (args->family == 2) { $a = ntop(args->daddr); } else { $a = ntop(args->daddr_v6); }
                      printf("%%s %%s %%s|\\n", ntop(args->saddr), ntop(args->family, args->saddr_v6), $a);
                    }
                    interval:s:3 { exit(); }""".formatted(port4, port6));
            connector.join();
            assertEquals(0, result.exitCode(), result.err());
            // Java connects to 127.0.0.1 through a dual-stack AF_INET6 socket: the kernel fills saddr too
            assertTrue(result.out().contains("\n127.0.0.1 ::ffff:127.0.0.1 ::ffff:127.0.0.1|\n"), result.out());
            assertTrue(result.out().contains("\n0.0.0.0 ::1 ::1|\n"), result.out());
        }
    }

    /** uaddr() reads globals of the probed binary, each at its own width; the values are what bpftrace 0.17 printed. */
    @Test
    void uaddrReadsGlobalsOfTheProbedBinary() throws Exception {
        Path gcc = KernelRequirement.requireTool("gcc", KernelRequirement.pathAnd());
        Path binary = Path.of("target", "address-globals").toAbsolutePath();
        var build = new ProcessBuilder(gcc.toString(), "-O1", "-no-pie", "-o", binary.toString(), "src/test/resources/address/globals.c")
                .redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(build.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, build.exitValue(), "gcc failed:\n" + log);
        var result = Jtracec.run("-c", binary.toString(), "-e", """
                uprobe:%s:tick {
                  printf("%%d %%d %%x %%s\\n", *uaddr("small"), *uaddr("medium"), *uaddr("large"), str(uaddr("name")));
                  @[*uaddr("medium")] = count();
                }""".formatted(binary));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Attaching 1 probe...\n" + "-2 123456 55667788 jtracec\n".repeat(3) + "\n\n@[123456]: 3\n", result.out());
    }

    @Test
    void uaddrOfAMissingSymbolIsAnErrorAtTheCall() {
        var result = Jtracec.run("-e", "uprobe:/bin/sh:main { printf(\"%d\\n\", *uaddr(\"no_such_global_here\")); }");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains(":1:45: error[E0241]: /bin/sh has no data symbol no_such_global_here"), result.err());
    }

    @Test
    void kaddrOfASymbolKallsymsDoesNotListIsAnErrorAtTheCall() {
        var result = Jtracec.run("-e", "BEGIN { printf(\"%d\\n\", *kaddr(\"no_such_symbol_jtracec\")); exit(); }");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains(":1:31: error[E0504]: no_such_symbol_jtracec is not a kernel symbol"), result.err());
    }

    /** cgroupid() is the id of the cgroup2 directory: its inode number, which bpf_get_current_cgroup_id() returns for its tasks. */
    @Test
    void cgroupidFiltersTheTasksOfOneCgroup() throws Exception {
        Path root = cgroup2Mount();
        Path cgroup = Files.createDirectories(root.resolve("jtracec-address-test-" + ProcessHandle.current().pid()));
        Process opener = null;
        try {
            long inode = ((Number) Files.getAttribute(cgroup, "unix:ino")).longValue();
            var id = Jtracec.run("-e", "BEGIN { printf(\"%%d\\n\", cgroupid(\"%s\")); exit(); }".formatted(cgroup));
            assertEquals(0, id.exitCode(), id.err());
            assertEquals("Attaching 1 probe...\n" + inode + "\n\n\n", id.out());

            // the one-liner, on a cgroup only the opener is in
            opener = new ProcessBuilder("sh", "-c", "echo $$ > %s/cgroup.procs && while :; do cat /jtracec-cgroup-marker 2>/dev/null; sleep 0.1; done"
                    .formatted(cgroup)).redirectErrorStream(true).start();
            var traced = Jtracec.run("-e", ("tracepoint:syscalls:sys_enter_openat /cgroup == cgroupid(\"%s\")/ { printf(\"%%s\\n\", str(args->filename)); } "
                    + "interval:s:2 { exit(); }").formatted(cgroup));
            assertEquals(0, traced.exitCode(), traced.err());
            assertTrue(traced.out().contains("\n/jtracec-cgroup-marker\n"), traced.out());
            assertTrue(traced.out().lines().skip(1).filter(line -> !line.isEmpty())
                    .allMatch(line -> line.equals("/jtracec-cgroup-marker") || line.startsWith("/etc/") || line.startsWith("/lib")
                            || line.startsWith("/usr/") || line.startsWith("/dev/")), traced.out());
        } finally {
            if (opener != null) {
                opener.descendants().forEach(ProcessHandle::destroyForcibly);
                opener.destroyForcibly();
                opener.waitFor(5, TimeUnit.SECONDS);
            }
            removeWhenEmpty(cgroup);
        }
    }

    /** bpftrace 0.17 too fails on a path that is not a cgroup2 directory ("Failed to get `cgroupid` for path"). */
    @Test
    void cgroupidOfAPathOutsideCgroup2IsAnErrorAtTheCall() {
        var result = Jtracec.run("-e", "tracepoint:syscalls:sys_enter_openat /cgroup == cgroupid(\"/no/such/cgroup\")/ { exit(); }");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains(":1:58: error[E0504]: cannot get the cgroup id of /no/such/cgroup"), result.err());
    }

    /** A cgroup can be removed once its last task has exited, which takes a moment after the kill. */
    private static void removeWhenEmpty(Path cgroup) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (java.nio.file.FileSystemException e) {
                if (attempt == 50) throw e;
                Thread.sleep(100);
            }
        }
    }

    private static Path cgroup2Mount() throws IOException {
        Optional<Path> mount = Files.readAllLines(Path.of("/proc/mounts")).stream().map(line -> line.split(" "))
                .filter(fields -> fields.length > 2 && fields[2].equals("cgroup2")).map(fields -> Path.of(fields[1])).findFirst();
        KernelRequirement.require(mount.isPresent(), "needs a mounted cgroup2 file system");
        return mount.orElseThrow();
    }
}

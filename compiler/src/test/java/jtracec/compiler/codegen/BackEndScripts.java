package jtracec.compiler.codegen;

import java.util.List;

/**
 * One script per back-end feature plus the walking-skeleton one-liners. The compiler's tests check
 * their IR and bytecode without a kernel; cli's KernelAcceptanceTest (through this module's
 * test-jar) takes the same scripts through the verifier into the kernel.
 */
public final class BackEndScripts {
    private BackEndScripts() {}

    public static final List<String> ONE_LINERS = List.of(
            "BEGIN { printf(\"hello, %s %d\\n\", \"world\", 42); exit(); }",
            "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } interval:s:1 { exit(); }",
            "kprobe:vfs_read { @calls = count(); }",
            "uprobe:/bin/bash:readline { @calls = count(); }",
            "tracepoint:syscalls:sys_exit_read { @bytes = sum(args->ret); @h = hist(args->ret); }",
            "tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @[comm] = sum(args->ret); } END { print(@); clear(@); }",
            "tracepoint:syscalls:sys_enter_openat { printf(\"%d %s %s\\n\", pid, comm, str(args->filename)); }",
            "kretprobe:vfs_read { @[retval > 0 ? \"ok\" : \"err\"] = count(); }",
            "kprobe:vfs_read { $x = arg2; if ($x > 100) { @big[tid] = $x; } else { @small = count(); } }",
            "BEGIN { $i = 0; while ($i < 10) { $i++; } printf(\"%d\\n\", $i); exit(); }",
            "tracepoint:sched:sched_switch { @[args->prev_comm] = count(); }",
            "kprobe:do_nanosleep { @start[tid] = nsecs; } "
                    + "kretprobe:do_nanosleep /@start[tid]/ { @ns = hist(nsecs - @start[tid]); delete(@start[tid]); }",
            "BEGIN { @x = 1; @y = @x * 3 / 2; printf(\"%d %d\\n\", @y, 7 % @x); }",
            "kprobe:vfs_read { @l = lhist(arg2, 0, 4096, 512); @mn = min(arg2); @mx = max(arg2); @a = avg(arg2); @s = stats(arg2); }",
            "tracepoint:syscalls:sys_enter_openat /comm == \"bash\"/ { printf(\"%s %d %d\\n\", comm, uid, cpu); }",
            "kprobe:vfs_read { unroll(4) { @u[cpu] = count(); } $s = comm; @names[$s, pid] = count(); }",
            "kprobe:vfs_read { @[kstack] = count(); @u[ustack(5), comm] = count(); printf(\"%s\\n\", kstack(3)); }",
            "kprobe:vfs_read { @f[func] = count(); @last = kstack; }",
            "kprobe:vfs_read { $t = (arg2, comm, (int32)-1); @k[$t.1, pid] = ($t.0, $t.2); @c[(1, comm)] = count(); printf(\"%s %d\\n\", $t.1, $t.0); }",
            "tracepoint:syscalls:sys_exit_read { @bytes = sum(args->ret); }",
            "tracepoint:syscalls:sys_exit_read { @h = hist(args->ret); }",
            "kprobe:vfs_read { @c[(uint8)arg2, (int16)arg1] = count(); $v = (uint32)-1; if ($v > 0) { printf(\"%s\\n\", probe); } }",
            "tracepoint:syscalls:sys_enter_openat { @name[tid] = args->filename; @s[tid] = comm; } "
                    + "tracepoint:syscalls:sys_exit_openat /@name[tid]/ { printf(\"%s %s\\n\", str(@name[tid]), @s[tid]); delete(@name[tid]); }",
            "interval:ms:100 { printf(\"%d %s\\n\", elapsed / 1000000, pid > 0 ? \"a\" : comm); exit(); }",
            "uprobe:/bin/bash:readline { @f[func] = count(); @u[tid] = usym(arg0); printf(\"%s\\n\", usym(arg0)); }",
            "tracepoint:syscalls:sys_enter_write { printf(\"%r\\n\", buf(args->buf, 8)); @b[buf(args->buf, 4)] = count(); }",
            "BEGIN { @cap[0] = \"CAP_CHOWN\"; @cap[1] = \"CAP_DAC_OVERRIDE\"; @cap[2] = \"CAP_DAC_READ_SEARCH\"; "
                    + "@cap[3] = \"CAP_FOWNER\"; @cap[4] = \"CAP_FSETID\"; @cap[5] = \"CAP_KILL\"; @cap[6] = \"CAP_SETGID\"; "
                    + "@cap[7] = \"CAP_SETUID\"; @cap[8] = \"CAP_SETPCAP\"; @cap[9] = \"CAP_LINUX_IMMUTABLE\"; }");
}

package jtracec.compiler.sema;

import java.util.List;
import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.BtfType.Member;
import jtracec.spec.kernel.KernelTypes;

/**
 * A hand-built BTF for front-end tests, shaped like the kernel's where scripts navigate it:
 * {@code struct sock} reaches its family through an anonymous union of {@code struct sock_common},
 * {@code struct task_struct} has a parent pointer, a comm char array and a bitfield, and
 * {@code enum tcp_state} gives TCP_* constants. Offsets are in bits, as BTF has them.
 */
final class FixtureKernelTypes {
    // type ids, in list order
    static final int INT = 1, UNSIGNED_INT = 2, CHAR = 3, U16 = 4, U32 = 5, LONG = 6, UNSIGNED_CHAR = 7;
    static final int TASK = 8, TASK_POINTER = 9, COMM = 10, SOCK_COMMON = 11, ANON_UNION = 12, ANON_STRUCT = 13, SOCK = 14;
    static final int TCP_STATE = 15, PATH = 16, DENTRY = 17, DENTRY_POINTER = 18, TASK_TYPEDEF = 19, ADDR16 = 20;
    static final int SOCK_POINTER = 22, SENDMSG_PROTO = 23, SENDMSG = 24;

    static KernelTypes build() {
        return new KernelTypes(List.of(
                new BtfType.Void(),
                new BtfType.Int("int", 4, true, false, false),
                new BtfType.Int("unsigned int", 4, false, false, false),
                new BtfType.Int("char", 1, true, true, false),
                new BtfType.Typedef("u16", 21),
                new BtfType.Typedef("u32", UNSIGNED_INT),
                new BtfType.Int("long", 8, true, false, false),
                new BtfType.Int("unsigned char", 1, false, true, false),
                new BtfType.Struct("task_struct", 64, false, List.of(
                        new Member("pid", INT, 0, 0),
                        new Member("tgid", INT, 32, 0),
                        new Member("real_parent", TASK_POINTER, 64, 0),
                        new Member("comm", COMM, 128, 0),
                        new Member("in_execve", UNSIGNED_INT, 256 + 3, 1),
                        new Member("sched_class_bits", UNSIGNED_INT, 256 + 4, 6),
                        new Member("self", TASK_POINTER, 320, 0))),
                new BtfType.Pointer(TASK),
                new BtfType.Array(CHAR, 16),
                new BtfType.Struct("sock_common", 24, false, List.of(
                        new Member("skc_daddr", U32, 0, 0),
                        new Member("", ANON_UNION, 32, 0),
                        new Member("skc_v6_daddr", ADDR16, 64, 0))),
                new BtfType.Struct("", 4, true, List.of(
                        new Member("", ANON_STRUCT, 0, 0),
                        new Member("skc_hash", UNSIGNED_INT, 0, 0))),
                new BtfType.Struct("", 4, false, List.of(
                        new Member("skc_family", U16, 0, 0),
                        new Member("skc_num", U16, 16, 0))),
                new BtfType.Struct("sock", 40, false, List.of(
                        new Member("__sk_common", SOCK_COMMON, 0, 0),
                        new Member("sk_ack_backlog", U32, 192, 0),
                        new Member("sk_max_ack_backlog", U32, 224, 0),
                        new Member("sk_owner", TASK_POINTER, 256, 0))),
                new BtfType.Enum("tcp_state", 4, false, List.of(
                        new BtfType.Enumerator("TCP_ESTABLISHED", 1), new BtfType.Enumerator("TCP_SYN_SENT", 2),
                        new BtfType.Enumerator("TCP_FIN_WAIT1", 4), new BtfType.Enumerator("TCP_CLOSE", 7))),
                new BtfType.Struct("path", 16, false, List.of(
                        new Member("mnt", DENTRY_POINTER, 0, 0),
                        new Member("dentry", DENTRY_POINTER, 64, 0))),
                new BtfType.Forward("dentry", false),
                new BtfType.Pointer(DENTRY),
                new BtfType.Typedef("task_t", TASK),
                new BtfType.Array(UNSIGNED_CHAR, 16),
                new BtfType.Int("unsigned short", 2, false, false, false),
                new BtfType.Pointer(SOCK),
                new BtfType.FunctionProto(INT, List.of(new BtfType.Parameter("sk", SOCK_POINTER), new BtfType.Parameter("size", LONG))),
                new BtfType.Function("tcp_sendmsg", SENDMSG_PROTO, 1)));
    }

    private FixtureKernelTypes() {
    }
}

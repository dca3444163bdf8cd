// Accepted by jtracec and by the kernel: two programs in one section, a BTF-defined hash map,
// a lookup checked for null before use, a raw tracepoint reading its arguments.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(__u32 key)
{
    __u64 one = 1;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    if (value)
        __sync_fetch_and_add(value, 1);
    else
        bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(void *ctx)
{
    count(bpf_get_current_pid_tgid() >> 32);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat_again(void *ctx)
{
    count(0);
    return 0;
}

SEC("raw_tp/sys_enter")
int count_syscall(__u64 *args)
{
    count((__u32) args[1]);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

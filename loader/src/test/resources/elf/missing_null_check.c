// Unsafe: the lookup result is dereferenced without a null check.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_close")
int no_null_check(void *ctx)
{
    __u32 key = 0;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    *value += 1; //~ error[E0302]
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

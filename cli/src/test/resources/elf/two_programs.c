// One safe and one unsafe program in one libbpf-style object, for `jtracec --verify two_programs.o`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int checked(void *ctx)
{
    __u32 key = 1;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    if (value)
        *value += 1;
    return 0;
}

SEC("raw_tp/sys_enter")
int unchecked(void *ctx)
{
    __u32 key = 2;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    *value += 1; //~ error[E0302]
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

// The pre-BTF map definition libbpf 0.x read from SEC("maps"); libbpf 1.0 refuses it, jtracec reads it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct legacy_map_def {
    unsigned int type;
    unsigned int key_size;
    unsigned int value_size;
    unsigned int max_entries;
    unsigned int map_flags;
};

struct legacy_map_def starts SEC("maps") = {
    .type = BPF_MAP_TYPE_ARRAY,
    .key_size = sizeof(__u32),
    .value_size = sizeof(__u64),
    .max_entries = 4,
};

SEC("tracepoint/sched/sched_switch")
int remember(void *ctx)
{
    __u32 key = 1;
    __u64 *start = bpf_map_lookup_elem(&starts, &key);
    if (start)
        *start = bpf_ktime_get_ns();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

// Unsafe: an index from the raw tracepoint's arguments reads past a 16-byte map value.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct buffer {
    unsigned char bytes[16];
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct buffer);
} buffers SEC(".maps");

SEC("raw_tp/sys_enter")
int read_past_end(__u64 *args)
{
    __u32 key = 0;
    struct buffer *buffer = bpf_map_lookup_elem(&buffers, &key);
    if (!buffer)
        return 0;
    __u64 index = args[1] & 31;
    return buffer->bytes[index]; //~ error[E0301]
}

char LICENSE[] SEC("license") = "GPL";

// Code in a section no libbpf convention names.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("mystery/probe")
int nowhere(void *ctx)
{
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

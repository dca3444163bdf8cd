// Global variables live in .data/.bss, which libbpf turns into single-entry array maps.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 calls = 0;
__u64 last_id = 7;

SEC("raw_tp/sys_enter")
int counts_globals(__u64 *args)
{
    calls++;
    last_id = args[1];
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

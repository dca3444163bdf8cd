// A bpf-to-bpf call: clang keeps the __noinline function in .text and the call relocated to it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline int scale(int value)
{
    return value * 3 + 1;
}

SEC("raw_tp/sys_enter")
int calls_subprogram(__u64 *args)
{
    return scale((int) args[1]) & 1; //~ error[E0331]
}

char LICENSE[] SEC("license") = "GPL";

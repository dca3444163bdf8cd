// An extern libbpf resolves from the kernel's config at load time.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern unsigned int LINUX_KERNEL_VERSION __kconfig;

SEC("raw_tp/sys_enter")
int version(void *ctx)
{
    return LINUX_KERNEL_VERSION > 0x60000;
}

char LICENSE[] SEC("license") = "GPL";

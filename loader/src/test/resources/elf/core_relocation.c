// CO-RE: a field read through a preserve_access_index struct needs its offset relocated against
// the kernel's BTF, which jtracec does not do yet.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
    int pid;
} __attribute__((preserve_access_index));

SEC("raw_tp/sys_enter")
int read_pid(void *ctx)
{
    struct task_struct *task = (void *) bpf_get_current_task();
    int pid = 0;
    bpf_probe_read_kernel(&pid, sizeof(pid), &task->pid);
    return pid & 1;
}

char LICENSE[] SEC("license") = "GPL";

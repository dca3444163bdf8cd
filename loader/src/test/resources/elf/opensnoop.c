// A libbpf-tools-style tracer without CO-RE: the openat tracepoint's arguments as the format file
// lays them out, a pid filter in a hash map, events through a ring buffer.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct openat_args {
    __u64 common;
    long syscall_nr;
    long dfd;
    const char *filename;
    long flags;
    long mode;
};

struct event {
    __u32 pid;
    __u32 flags;
    char comm[16];
    char filename[64];
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1 << 16);
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 128);
    __type(key, __u32);
    __type(value, __u8);
} ignored SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int trace_openat(struct openat_args *ctx)
{
    __u32 pid = bpf_get_current_pid_tgid() >> 32;
    if (bpf_map_lookup_elem(&ignored, &pid))
        return 0;
    struct event *event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
    if (!event)
        return 0;
    event->pid = pid;
    event->flags = ctx->flags;
    bpf_get_current_comm(event->comm, sizeof(event->comm));
    bpf_probe_read_user_str(event->filename, sizeof(event->filename), ctx->filename);
    bpf_ringbuf_submit(event, 0);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

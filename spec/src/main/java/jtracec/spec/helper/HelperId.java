package jtracec.spec.helper;

import java.util.Arrays;
import java.util.Optional;

/** BPF helpers by their number in {@code __BPF_FUNC_MAPPER} of include/uapi/linux/bpf.h. */
public enum HelperId {
    MAP_LOOKUP_ELEM(1), MAP_UPDATE_ELEM(2), MAP_DELETE_ELEM(3), PROBE_READ(4), KTIME_GET_NS(5),
    TRACE_PRINTK(6), GET_PRANDOM_U32(7), GET_SMP_PROCESSOR_ID(8), TAIL_CALL(12), GET_CURRENT_PID_TGID(14),
    GET_CURRENT_UID_GID(15), GET_CURRENT_COMM(16), PERF_EVENT_OUTPUT(25), GET_STACKID(27),
    GET_CURRENT_TASK(35), PROBE_WRITE_USER(36), GET_NUMA_NODE_ID(42), PROBE_READ_STR(45), OVERRIDE_RETURN(58),
    GET_STACK(67), GET_CURRENT_CGROUP_ID(80), SEND_SIGNAL(109), PROBE_READ_USER(112), PROBE_READ_KERNEL(113),
    PROBE_READ_USER_STR(114), PROBE_READ_KERNEL_STR(115), JIFFIES64(118), KTIME_GET_BOOT_NS(125), RINGBUF_OUTPUT(130),
    RINGBUF_RESERVE(131), RINGBUF_SUBMIT(132), RINGBUF_DISCARD(133), RINGBUF_QUERY(134), D_PATH(147), GET_CURRENT_TASK_BTF(158),
    GET_FUNC_IP(173), GET_ATTACH_COOKIE(174), MAP_LOOKUP_PERCPU_ELEM(195), KTIME_GET_TAI_NS(208);

    private final int number;

    HelperId(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The kernel's name, e.g. {@code bpf_map_lookup_elem}. */
    public String kernelName() {
        return "bpf_" + name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<HelperId> byNumber(int number) {
        return Arrays.stream(values()).filter(h -> h.number == number).findFirst();
    }
}

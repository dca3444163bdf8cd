package jtracec.spec.helper;

import static jtracec.spec.helper.ArgKind.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jtracec.spec.kernel.ProgramType;

/** The catalogue of helper prototypes jtracec knows, after each helper's proto in the kernel tree. */
public final class Helpers {
    private static final Set<ProgramType> TRACING = EnumSet.allOf(ProgramType.class);
    private static final Map<HelperId, HelperProto> PROTOS = new EnumMap<>(HelperId.class);

    static {
        define(HelperId.MAP_LOOKUP_ELEM, ReturnKind.MAP_VALUE_OR_NULL, CONST_MAP_PTR, PTR_TO_MAP_KEY);
        define(HelperId.MAP_UPDATE_ELEM, ReturnKind.INTEGER, CONST_MAP_PTR, PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE, ANYTHING);
        define(HelperId.MAP_DELETE_ELEM, ReturnKind.INTEGER, CONST_MAP_PTR, PTR_TO_MAP_KEY);
        defineGpl(HelperId.PROBE_READ, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        define(HelperId.KTIME_GET_NS, ReturnKind.INTEGER);
        defineGpl(HelperId.TRACE_PRINTK, ReturnKind.INTEGER, PTR_TO_MEM, CONST_SIZE);
        define(HelperId.GET_PRANDOM_U32, ReturnKind.INTEGER);
        define(HelperId.GET_SMP_PROCESSOR_ID, ReturnKind.INTEGER);
        define(HelperId.GET_CURRENT_PID_TGID, ReturnKind.INTEGER);
        define(HelperId.GET_CURRENT_UID_GID, ReturnKind.INTEGER);
        define(HelperId.GET_CURRENT_COMM, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE);
        defineGpl(HelperId.PERF_EVENT_OUTPUT, ReturnKind.INTEGER, PTR_TO_CTX, CONST_MAP_PTR, ANYTHING, PTR_TO_MEM, CONST_SIZE_OR_ZERO);
        defineGpl(HelperId.GET_STACKID, ReturnKind.INTEGER, PTR_TO_CTX, CONST_MAP_PTR, ANYTHING);
        define(HelperId.GET_CURRENT_TASK, ReturnKind.INTEGER);
        defineGpl(HelperId.PROBE_WRITE_USER, ReturnKind.INTEGER, ANYTHING, PTR_TO_MEM, CONST_SIZE);
        defineGpl(HelperId.PROBE_READ_STR, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        // bpf_override_return_proto in kernel/trace/bpf_trace.c: kprobes only
        PROTOS.put(HelperId.OVERRIDE_RETURN, new HelperProto(HelperId.OVERRIDE_RETURN, ReturnKind.INTEGER,
                List.of(PTR_TO_CTX, ANYTHING), EnumSet.of(ProgramType.KPROBE), true));
        // bpf_d_path_proto in kernel/trace/bpf_trace.c: a struct path the tracing program was given, a buffer, its size
        PROTOS.put(HelperId.D_PATH, new HelperProto(HelperId.D_PATH, ReturnKind.INTEGER,
                List.of(PTR_TO_BTF_ID, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO), EnumSet.of(ProgramType.TRACING), false));
        define(HelperId.GET_CURRENT_CGROUP_ID, ReturnKind.INTEGER);
        define(HelperId.SEND_SIGNAL, ReturnKind.INTEGER, ANYTHING);
        defineGpl(HelperId.PROBE_READ_USER, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        defineGpl(HelperId.PROBE_READ_KERNEL, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        defineGpl(HelperId.PROBE_READ_USER_STR, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        defineGpl(HelperId.PROBE_READ_KERNEL_STR, ReturnKind.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        define(HelperId.KTIME_GET_BOOT_NS, ReturnKind.INTEGER);
        define(HelperId.RINGBUF_OUTPUT, ReturnKind.INTEGER, CONST_MAP_PTR, PTR_TO_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        define(HelperId.RINGBUF_RESERVE, ReturnKind.RINGBUF_MEM_OR_NULL, CONST_MAP_PTR, CONST_SIZE_OR_ZERO, ANYTHING);
        define(HelperId.RINGBUF_SUBMIT, ReturnKind.VOID, PTR_TO_RINGBUF_RESERVATION, ANYTHING);
        define(HelperId.RINGBUF_DISCARD, ReturnKind.VOID, PTR_TO_RINGBUF_RESERVATION, ANYTHING);
        define(HelperId.GET_CURRENT_TASK_BTF, ReturnKind.TASK_POINTER);
        define(HelperId.GET_FUNC_IP, ReturnKind.INTEGER, PTR_TO_CTX);
        define(HelperId.GET_NUMA_NODE_ID, ReturnKind.INTEGER);
        // bpf_tail_call_proto in kernel/bpf/core.c: ctx, prog array, index; returns only on failure
        define(HelperId.TAIL_CALL, ReturnKind.VOID, PTR_TO_CTX, CONST_MAP_PTR, ANYTHING);
        // bpf_get_stack_proto in kernel/bpf/stackmap.c: ctx, buf, size, flags
        defineGpl(HelperId.GET_STACK, ReturnKind.INTEGER, PTR_TO_CTX, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        define(HelperId.JIFFIES64, ReturnKind.INTEGER);
        define(HelperId.RINGBUF_QUERY, ReturnKind.INTEGER, CONST_MAP_PTR, ANYTHING);
        define(HelperId.GET_ATTACH_COOKIE, ReturnKind.INTEGER, PTR_TO_CTX);
        // bpf_map_lookup_percpu_elem_proto in kernel/bpf/helpers.c: map, key, cpu
        define(HelperId.MAP_LOOKUP_PERCPU_ELEM, ReturnKind.MAP_VALUE_OR_NULL, CONST_MAP_PTR, PTR_TO_MAP_KEY, ANYTHING);
        define(HelperId.KTIME_GET_TAI_NS, ReturnKind.INTEGER);
    }

    private Helpers() {}

    private static void define(HelperId id, ReturnKind returns, ArgKind... args) {
        PROTOS.put(id, new HelperProto(id, returns, List.of(args), TRACING, false));
    }

    private static void defineGpl(HelperId id, ReturnKind returns, ArgKind... args) {
        PROTOS.put(id, new HelperProto(id, returns, List.of(args), TRACING, true));
    }

    public static HelperProto proto(HelperId id) {
        HelperProto proto = PROTOS.get(id);
        if (proto == null) throw new IllegalStateException("bug: no prototype for " + id);
        return proto;
    }

    /** Every prototype, by helper number. */
    public static java.util.Collection<HelperProto> all() {
        return java.util.Collections.unmodifiableCollection(PROTOS.values());
    }

    public static Optional<HelperProto> byNumber(int number) {
        return HelperId.byNumber(number).map(PROTOS::get);
    }
}

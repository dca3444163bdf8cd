package jtracec.loader.print;

import jtracec.spec.object.FieldType;

/** Turns addresses and stack ids into text; the session supplies one that reads kallsyms and stack maps. */
public interface Symbolizer {
    String kernel(long address);

    String user(long address, long pid);

    /**
     * A stack as bpftrace's get_stack() prints it: a newline, then one frame per line indented by
     * {@code indent} spaces (8 in values and printf, 4 in map keys). {@code stackIdAndPid} is the
     * stack id in the low 32 bits and the pid in the high 32.
     */
    String stack(FieldType.Stack stack, long stackIdAndPid, int indent);

    /**
     * A strftime() value: the nanoseconds formatted with the format of printf entry
     * {@code formatId}. Without a session's formats and boot time, bpftrace's "(?)".
     */
    default String timestamp(long formatId, long nanosSinceBoot) {
        return "(?)";
    }

    /** Prints every address as glibc's %p would: no symbol resolution. */
    static Symbolizer addressesOnly() {
        return new Symbolizer() {
            @Override
            public String kernel(long address) {
                return pointer(address);
            }

            @Override
            public String user(long address, long pid) {
                return pointer(address);
            }

            @Override
            public String stack(FieldType.Stack stack, long stackIdAndPid, int indent) {
                return "";
            }
        };
    }

    private static String pointer(long address) {
        return address == 0 ? "(nil)" : "0x" + Long.toHexString(address);
    }
}

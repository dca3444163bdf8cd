package jtracec.spec.object;

/**
 * The first 8 bytes of every ring-buffer record say what it is. Ids below
 * {@link #FIRST_ACTION} index {@link BpfObject#printfs()}; the rest are actions, after
 * bpftrace's async action ids. Payloads follow at offset 8 as documented per id.
 */
public final class EventIds {
    private EventIds() {}

    public static final long FIRST_ACTION = 30_000;
    /** exit(): no payload. */
    public static final long EXIT = 30_000;
    /** print(@map): u64 map index. */
    public static final long PRINT_MAP = 30_001;
    /** clear(@map): u64 map index. */
    public static final long CLEAR_MAP = 30_002;
    /** zero(@map): u64 map index. */
    public static final long ZERO_MAP = 30_003;
    /** time(fmt): u64 printf id whose format is the strftime format. */
    public static final long TIME = 30_004;
    /**
     * join(arr [, delim]): u64 printf id whose format is the delimiter, then
     * {@link #JOIN_ARGUMENTS} strings of {@link #JOIN_ARGUMENT_SIZE} bytes at offset 16, as read
     * from the array's elements; user space stops at the first empty one (bpftrace 0.17's join).
     */
    public static final long JOIN = 30_005;
    /** cat(fmt, ...): u64 printf id whose format names the file; its arguments at that printf's offsets. */
    public static final long CAT = 30_006;
    /** system(fmt, ...): u64 printf id whose format is the shell command; its arguments at that printf's offsets. */
    public static final long SYSTEM = 30_007;

    /** print(value) of a non-map value: u64 printf id whose one field is the value's, the value at that field's offset. */
    public static final long PRINT_VALUE = 30_008;

    /** bpftrace 0.17's join_argnum_: how many elements join() reads. */
    public static final int JOIN_ARGUMENTS = 16;
    /** bpftrace 0.17's join_argsize_: the buffer each element is read into, terminator included. */
    public static final int JOIN_ARGUMENT_SIZE = 1024;
    /** The size of a join record: id, printf id, the elements. */
    public static final int JOIN_RECORD_SIZE = 16 + JOIN_ARGUMENTS * JOIN_ARGUMENT_SIZE;
}

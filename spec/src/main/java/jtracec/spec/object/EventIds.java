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
}

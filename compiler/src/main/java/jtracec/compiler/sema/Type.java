package jtracec.compiler.sema;

import java.util.List;
import jtracec.spec.object.FieldType.StackKind;
import jtracec.spec.object.Signedness;

/**
 * The type of a script expression or map value after semantic analysis. Sizes are in bytes.
 * {@link Error} absorbs later checks so one mistake gives one message.
 */
public sealed interface Type {
    Int INT64 = new Int(8, Signedness.SIGNED);
    Int UINT64 = new Int(8, Signedness.UNSIGNED);
    Int UINT32 = new Int(4, Signedness.UNSIGNED);
    Int INT32 = new Int(4, Signedness.SIGNED);
    Void VOID = new Void();
    Error ERROR = new Error();

    record Int(int size, Signedness signedness) implements Type {}

    /** A NUL-terminated string in a buffer of {@code size} bytes (bpftrace's string, default 64). */
    record Str(int size) implements Type {}

    record Buffer(int size) implements Type {}

    /** A pointer into kernel or user memory; dereferencing it needs a probe-read helper. */
    record Pointer(Type pointee, AddressSpace space) implements Type {}

    /** A C struct or union, laid out by BTF or by a struct declared in the script. */
    record Struct(String name, int size) implements Type {}

    record Array(Type element, int length) implements Type {}

    record Tuple(List<Type> elements) implements Type {
        public Tuple { elements = List.copyOf(elements); }
    }

    record Stack(StackKind kind, int maxFrames) implements Type {}

    record KernelSymbol() implements Type {}

    /**
     * The value of {@code ntop()}: an address family and 4 or 16 address bytes in 24 bytes
     * (bpftrace 0.17's inet type), printed as text.
     */
    record Inet() implements Type {}

    record UserSymbol() implements Type {}

    /** The value of {@code macaddr()}: six bytes printed as a MAC address (bpftrace 0.17's mac_address). */
    record MacAddress() implements Type {}
    /**
     * The value of {@code strftime(fmt, nsecs)}: the format's id and the nanoseconds (bpftrace
     * 0.17's timestamp), printed by user space as local time in that format.
     */
    record Timestamp() implements Type {}

    /** The value of an aggregation function (count, sum, hist, ...), only ever stored in a map. */
    record Aggregate(AggregateKind kind, Signedness signedness, List<Long> parameters) implements Type {
        public Aggregate { parameters = List.copyOf(parameters); }
    }

    /** A tracepoint's {@code args} record or a probe context; fields resolved through the probe. */
    record Context(String probe) implements Type {}

    /** Statements and functions used for effect only. */
    record Void() implements Type {}

    record Error() implements Type {}

    enum AddressSpace { KERNEL, USER }

    enum AggregateKind { COUNT, SUM, MIN, MAX, AVG, STATS, HIST, LHIST }
}

package jtracec.spec.object;

import java.util.List;

/**
 * How a run of bytes written by a program is read back and printed by user space: a map key
 * component, a map value, or a printf argument. Layouts are little-endian, as the host.
 */
public sealed interface FieldType {
    int size();

    record Int(int size, Signedness signedness) implements FieldType {
        public Int {
            if (size != 1 && size != 2 && size != 4 && size != 8) throw new IllegalArgumentException("bug: int size " + size);
        }
    }

    /** A NUL-padded string buffer of fixed capacity (bpftrace's string type). */
    record Str(int size) implements FieldType {}

    /** Raw bytes printed as escaped text, as bpftrace's {@code buf()}. */
    record Buffer(int size) implements FieldType {}

    /** A kernel address printed as a symbol ({@code ksym}). */
    record KernelSymbol() implements FieldType {
        public int size() { return 8; }
    }

    /** A user address printed as a symbol of the traced process ({@code usym}). */
    record UserSymbol() implements FieldType {
        public int size() { return 16; }
    }

    /** A stack id into a stack-trace map, printed as frames. */
    record Stack(StackKind kind, int mapIndex, int maxFrames) implements FieldType {
        public int size() { return 8; }
    }

    /**
     * An address as {@code ntop()} leaves it (bpftrace 0.17's inet type): the address family as a
     * u64, then 16 address bytes, of which AF_INET uses the first 4; printed as inet_ntop prints it.
     */
    record Inet() implements FieldType {
        public int size() { return 24; }
    }

    /** Six bytes printed as a MAC address, upper-case hex separated by colons ({@code macaddr()}). */
    record MacAddress() implements FieldType {
        public int size() { return 6; }
    }

    /**
     * A strftime() value: u64 printf id whose format is the strftime format, then u64 nanoseconds
     * of CLOCK_MONOTONIC (bpftrace 0.17's AsyncEvent::Strftime), printed as local time.
     */
    record Timestamp() implements FieldType {
        public int size() { return 16; }
    }

    record Tuple(List<Field> elements, int size) implements FieldType {
        public Tuple { elements = List.copyOf(elements); }
    }

    /**
     * A C struct read whole, printed as bpftrace 0.17 prints a record: {@code { .a = 1, .b = x }}
     * (JSON: {@code { "a": 1, "b": "x" }}); each member keeps its own C size and offset.
     */
    record Struct(List<Member> members, int size) implements FieldType {
        public Struct { members = List.copyOf(members); }
    }

    /** A named member of a {@link Struct}, {@code offset} bytes from its start. */
    record Member(String name, FieldType type, int offset) {}

    /**
     * A pointer member of a {@link Struct}: printed as a signed decimal in a value (bpftrace 0.17's
     * fallback), as {@code 0x} and hex in a map key (MapKey::argument_value).
     */
    record Pointer() implements FieldType {
        public int size() { return 8; }
    }

    /** A C array of fixed length, printed as {@code [1,2,3]}. */
    record Array(FieldType element, int length) implements FieldType {
        public int size() { return element.size() * length; }
    }

    enum StackKind { KERNEL, USER }
}

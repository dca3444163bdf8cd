package jtracec.spec.isa;

/** The meaning of the instruction at one pc, or why its encoding is not one RFC 9669 defines. */
public sealed interface Decoded {
    record Valid(Instruction instruction) implements Decoded {}

    record Invalid(int pc, String reason) implements Decoded {}
}

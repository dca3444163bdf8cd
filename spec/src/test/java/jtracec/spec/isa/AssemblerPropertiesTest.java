package jtracec.spec.isa;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any text assembles or fails with a line: bad input is a value, never an exception. */
class AssemblerPropertiesTest {
    @Property(tries = 3000)
    void anyTextAssemblesOrFailsWithALine(@ForAll("texts") String text) {
        assertNotNull(Assembler.assemble(text));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("mov", "mov32", "add", "lddw", "ldxdw", "ldxsb", "stxw", "stb", "ja", "ja32", "jne", "jsgt32",
                        "call", "local", "helper", "runtime", "lock", "fetch", "cmpxchg32", "xchg", "be16", "le64", "bswap",
                        "swap99", "movsx", "movsx864", "movsx8", "neg", "exit", "l1:", "l1", "exit:", "[%r10-8]", "[%r1+99999]",
                        "[%r1]", "[r1+2]", "%r0", "%r10", "%r11", "%rx", "-1", "+40000", "+3", "-3", "0x", "0xffffffff",
                        "0x1ffffffff", "99999999999999999999", "-0x80000000", ",", "#", "\n"),
                Arbitraries.strings().ofMaxLength(6));
        return token.list().ofMaxSize(30).map(tokens -> String.join(" ", tokens));
    }

    @Property(tries = 200)
    void aProgramThatAssemblesAlsoValidatesOrSaysWhy(@ForAll("texts") String text) {
        if (Assembler.assemble(text) instanceof Assembler.Assembly.Assembled assembled && !assembled.insns().isEmpty()) {
            assertNotNull(InsnValidator.validate(assembled.insns(), InsnValidator.Dialect.CONFORMANCE));
            assertNotNull(Disassembler.listing(assembled.insns()));
        }
    }

}

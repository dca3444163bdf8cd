package jtracec.loader.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.Signedness;
import org.junit.jupiter.api.Test;

/**
 * A whole struct as bpftrace 0.17 printed one on this machine: a script's {@code struct Uts { int l;
 * short in; char ux[2]; unsigned char rest[3]; struct Inner { char s[2]; } inner; }} laid over the bytes
 * "Linux" (golden/struct/map.* in the cli module holds the end-to-end run).
 */
class StructValueTextTest {
    private static final FieldType INNER = new FieldType.Struct(List.of(new FieldType.Member("s", new FieldType.Str(2), 0)), 2);
    private static final FieldType UTS = new FieldType.Struct(List.of(
            new FieldType.Member("l", new FieldType.Int(4, Signedness.SIGNED), 0),
            new FieldType.Member("in", new FieldType.Int(2, Signedness.SIGNED), 4),
            new FieldType.Member("ux", new FieldType.Str(2), 6),
            new FieldType.Member("rest", new FieldType.Array(new FieldType.Int(1, Signedness.UNSIGNED), 3), 8),
            new FieldType.Member("inner", INNER, 11)), 13);
    private static final byte[] BYTES = "Linux\0\0\0\u00ff\0\u0001ab".getBytes(StandardCharsets.ISO_8859_1);

    private final Values values = new Values(Symbolizer.addressesOnly());

    @Test
    void textNamesEveryMemberWithNestedBracesAndCompactArrays() {
        assertEquals("{ .l = 1970170188, .in = 120, .ux = , .rest = [255,0,1], .inner = { .s = ab } }", values.value(UTS, BYTES, 0));
    }

    @Test
    void jsonQuotesNamesAndStringsButKeepsTheTextBraces() {
        assertEquals("{ \"l\": 1970170188, \"in\": 120, \"ux\": \"\", \"rest\": [255,0,1], \"inner\": { \"s\": \"ab\" } }",
                values.json(UTS, BYTES, 0));
    }

    @Test
    void aMapKeyIsPrintedWithoutSpacesAndIntegersSigned() {
        assertEquals("{.l=1970170188,.in=120,.ux=,.rest=[-1,0,1],.inner={.s=ab}}", values.key(UTS, BYTES, 0));
    }

    /** A kernel pointer member: a signed decimal as a value, hex as a key (run: golden-less, the address varies). */
    @Test
    void aPointerMemberIsDecimalInAValueAndHexInAKey() {
        var struct = new FieldType.Struct(List.of(new FieldType.Member("p", new FieldType.Pointer(), 0)), 8);
        byte[] bytes = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0xffff888000001000L).array();
        assertEquals("{ .p = -131391639515136 }", values.value(struct, bytes, 0));
        assertEquals("{.p=0xffff888000001000}", values.key(struct, bytes, 0));
    }
}

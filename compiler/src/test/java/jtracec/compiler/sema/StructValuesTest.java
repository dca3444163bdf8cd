package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.Signedness;
import org.junit.jupiter.api.Test;

/** Whole struct values keep each member's C size and offset, as bpftrace 0.17's record type. */
class StructValuesTest {
    private static FieldType structValue(String script, String name) {
        TypedProgram program = new SemaFixture(script).program();
        return program.structValue(new Type.Struct(name, 0)).orElseThrow(() -> new AssertionError("no layout for " + name));
    }

    @Test
    void declaredStructKeepsCSizesOffsetsNestingAndArrays() {
        FieldType value = structValue("""
                struct Fs { unsigned int euid; short egid; }
                struct Ids { char tag; int uid[2]; struct Fs fs; unsigned char raw[3]; char name[5]; long *next; }
                BEGIN { $c = (struct Ids *)0; print(*$c); }""", "Ids");
        var fs = new FieldType.Struct(List.of(
                new FieldType.Member("euid", new FieldType.Int(4, Signedness.UNSIGNED), 0),
                new FieldType.Member("egid", new FieldType.Int(2, Signedness.SIGNED), 4)), 8);
        var expected = new FieldType.Struct(List.of(
                new FieldType.Member("tag", new FieldType.Int(1, Signedness.SIGNED), 0),
                new FieldType.Member("uid", new FieldType.Array(new FieldType.Int(4, Signedness.SIGNED), 2), 4),
                new FieldType.Member("fs", fs, 16),
                // signed and unsigned char arrays are arrays; only plain char arrays are strings
                new FieldType.Member("raw", new FieldType.Array(new FieldType.Int(1, Signedness.UNSIGNED), 3), 24),
                new FieldType.Member("name", new FieldType.Str(5), 27),
                new FieldType.Member("next", new FieldType.Pointer(), 32)), 40);
        assertEquals(expected, value);
    }

    @Test
    void printingAndStoringAStructValueCompile() {
        var fixture = new SemaFixture("""
                struct Foo { int a; char b[4]; }
                BEGIN { $f = (struct Foo *)0; print(*$f); @s = *$f; @k[*$f] = (1, *$f); }""");
        assertTrue(fixture.typed.isPresent(), fixture.rendered());
    }
}

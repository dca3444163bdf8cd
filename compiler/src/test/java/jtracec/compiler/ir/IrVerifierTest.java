package jtracec.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IrVerifierTest {
    private static IrModule parse(String fn) {
        return new IrParser("t.ir").parse("map #0 AT_x hash key=8 value=8 entries=16\n" + fn);
    }

    private static void assertRejected(String fn, String reason) {
        var error = assertThrows(IllegalStateException.class, () -> IrVerifier.check(parse(fn)));
        assertTrue(error.getMessage().startsWith("bug: ir:"), error.getMessage());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }

    @Test
    void wellFormedLoopIsAccepted() {
        assertDoesNotThrow(() -> IrVerifier.check(parse("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 0
                  jump b1(%1)
                b1(%2: i64):
                  %3: i64 = const 10
                  %4: i64 = cmp.ult %2, %3
                  branch %4, b2, b3
                b2():
                  %5: i64 = const 1
                  %6: i64 = add %2, %5
                  jump b1(%6)
                b3():
                  exit %2
                }
                """)));
    }

    @Test
    void useNotDominatedByItsDefinitionIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 1
                  branch %1, b1, b2
                b1():
                  %2: i64 = const 2
                  jump b2()
                b2():
                  exit %2
                }
                """, "not dominated");
    }

    @Test
    void useBeforeDefinitionInOneBlockIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %2: i64 = add %1, %1
                  %1: i64 = const 1
                  exit %2
                }
                """, "not dominated");
    }

    @Test
    void jumpWithTheWrongNumberOfArgumentsIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 1
                  jump b1()
                b1(%2: i64):
                  exit %2
                }
                """, "0 arguments for 1 parameters");
    }

    @Test
    void branchToABlockWithParametersIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 1
                  branch %1, b1, b1
                b1(%2: i64):
                  exit %2
                }
                """, "branch targets take no parameters");
    }

    @Test
    void arithmeticOnPointersIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %2: i64 = const 1
                  %3: i64 = add %1, %2
                  exit %3
                }
                """, "arithmetic on pointers");
    }

    @Test
    void lookupInAMissingMapIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %2: mapval = map.lookup #3, %1
                  %3: i64 = const 0
                  exit %3
                }
                """, "bad map lookup");
    }

    @Test
    void unreachableBlocksAreRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 0
                  exit %1
                b1():
                  exit %1
                }
                """, "unreachable");
    }
}

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

    @Test
    void lookupWithAKeyWrittenOnOnlyOnePathIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %2: i64 = const 1
                  branch %2, b1, b2
                b1():
                  store.8 [%1+0], %2
                  jump b3()
                b2():
                  jump b3()
                b3():
                  %3: mapval = map.lookup #0, %1
                  exit %2
                }
                """, "may be unwritten");
    }

    @Test
    void loadOfAPartlyWrittenBufferIsRejected() {
        assertRejected("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 16
                  %2: i64 = const 0
                  store.8 [%1+0], %2
                  %3: stack = offset %1, 4
                  %4: i64 = load.u8 [%3+4]
                  exit %4
                }
                """, "reads byte 8");
    }

    @Test
    void bytesWrittenOnEveryPathAndByHelpersMayBeRead() {
        assertDoesNotThrow(() -> IrVerifier.check(parse("""
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 16
                  %2: i64 = const 16
                  %3: i64 = call get_current_comm(%1, %2)
                  %4: stack = stack 8
                  %5: i64 = const 1
                  branch %5, b1, b2
                b1():
                  store.8 [%4+0], %5
                  jump b3()
                b2():
                  store.4 [%4+0], %5
                  store.4 [%4+4], %5
                  jump b3()
                b3():
                  %6: mapval = map.lookup #0, %4
                  %7: i64 = load.u1 [%1+15]
                  exit %7
                }
                """)));
    }
}

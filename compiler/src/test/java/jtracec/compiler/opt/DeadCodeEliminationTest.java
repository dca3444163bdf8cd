package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {
    @Test
    void unusedPureInstructionsGoAndEffectsStay() {
        assertTransforms(new DeadCodeElimination(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: i64 = const 32
                  %3: i64 = lshr %1, %2
                  %4: stack = stack 8
                  store.8 [%4+0], %2
                  %5: mapval = map.lookup #0, %4
                  %6: i64 = map.delete #0, %4
                  %7: i64 = const 0
                  exit %7
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %2: i64 = const 32
                  %4: stack = stack 8
                  store.8 [%4+0], %2
                  %6: i64 = map.delete #0, %4
                  %7: i64 = const 0
                  exit %7
                }
                """);
    }

    @Test
    void buffersThatAreOnlyWrittenGoWithTheirStores() {
        assertTransforms(new DeadCodeElimination(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 16
                  %2: i64 = const 7
                  store.8 [%1+0], %2
                  %3: stack = offset %1, 8
                  store.8 [%3+0], %2
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %2: i64 = const 7
                  exit %2
                }
                """);
    }

    @Test
    void unusedParametersAndLoopCarriedDeadValuesGo() {
        assertTransforms(new DeadCodeElimination(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 0
                  jump b1(%1, %1)
                b1(%2: i64, %3: i64):
                  %4: i64 = const 1
                  %5: i64 = add %3, %4
                  %6: i64 = const 10
                  %7: i64 = cmp.ult %2, %6
                  %8: i64 = add %2, %4
                  branch %7, b2, b3
                b2():
                  jump b1(%8, %5)
                b3():
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 0
                  jump b1(%1)
                b1(%2: i64):
                  %4: i64 = const 1
                  %6: i64 = const 10
                  %7: i64 = cmp.ult %2, %6
                  %8: i64 = add %2, %4
                  branch %7, b2, b3
                b2():
                  jump b1(%8)
                b3():
                  exit %2
                }
                """);
    }
}

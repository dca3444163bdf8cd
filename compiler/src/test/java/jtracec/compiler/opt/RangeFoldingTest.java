package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class RangeFoldingTest {
    @Test
    void zeroExtendedLoadIsNeverNegativeButASignExtendedOneMayBe() {
        assertTransforms(new RangeFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = load.u4 [%0+0]
                  %2: i64 = load.s4 [%0+4]
                  %3: i64 = const 0
                  %4: i64 = cmp.slt %1, %3
                  %5: i64 = cmp.slt %2, %3
                  %6: i64 = const 4294967295
                  %7: i64 = cmp.ugt %1, %6
                  %8: i64 = add %4, %5
                  %9: i64 = add %8, %7
                  exit %9
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = load.u4 [%0+0]
                  %2: i64 = load.s4 [%0+4]
                  %3: i64 = const 0
                  %4: i64 = const 0
                  %5: i64 = cmp.slt %2, %3
                  %6: i64 = const 4294967295
                  %7: i64 = const 0
                  %8: i64 = add %4, %5
                  %9: i64 = add %8, %7
                  exit %9
                }
                """);
    }

    @Test
    void quotientMasksAndShiftsBoundTheirResults() {
        assertTransforms(new RangeFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 1000
                  %3: i64 = udiv %1, %2
                  %4: i64 = const 0
                  %5: i64 = cmp.slt %3, %4
                  %6: i64 = const 65535
                  %7: i64 = and %1, %6
                  %8: i64 = const 65536
                  %9: i64 = cmp.uge %7, %8
                  %10: i64 = const 48
                  %11: i64 = lshr %1, %10
                  %12: i64 = cmp.ult %11, %8
                  %13: i64 = cmp.ult %1, %8
                  %14: i64 = add %5, %9
                  %15: i64 = add %12, %13
                  %16: i64 = add %14, %15
                  exit %16
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 1000
                  %3: i64 = udiv %1, %2
                  %4: i64 = const 0
                  %5: i64 = const 0
                  %6: i64 = const 65535
                  %7: i64 = and %1, %6
                  %8: i64 = const 65536
                  %9: i64 = const 0
                  %10: i64 = const 48
                  %11: i64 = lshr %1, %10
                  %12: i64 = const 1
                  %13: i64 = cmp.ult %1, %8
                  %14: i64 = add %5, %9
                  %15: i64 = add %12, %13
                  %16: i64 = add %14, %15
                  exit %16
                }
                """);
    }

    /** Each arm knows its side of the branch, and the join knows the union of what the arms pass. */
    @Test
    void branchesNarrowTheirArmsAndJoinsUniteThem() {
        assertTransforms(new RangeFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 16
                  %3: i64 = cmp.ult %1, %2
                  branch %3, b1, b2
                b1():
                  %4: i64 = const 15
                  %5: i64 = cmp.ule %1, %4
                  jump b3(%1)
                b2():
                  %6: i64 = cmp.ule %1, %2
                  %7: i64 = const 4
                  %8: i64 = lshr %1, %7
                  jump b3(%2)
                b3(%9: i64):
                  %10: i64 = const 17
                  %11: i64 = cmp.ult %9, %10
                  %12: i64 = cmp.ult %1, %10
                  exit %11
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 16
                  %3: i64 = cmp.ult %1, %2
                  branch %3, b1, b2
                b1():
                  %4: i64 = const 15
                  %5: i64 = const 1
                  jump b3(%1)
                b2():
                  %6: i64 = cmp.ule %1, %2
                  %7: i64 = const 4
                  %8: i64 = lshr %1, %7
                  jump b3(%2)
                b3(%9: i64):
                  %10: i64 = const 17
                  %11: i64 = const 1
                  %12: i64 = cmp.ult %1, %10
                  exit %11
                }
                """);
    }

    /** A counter that grows around a loop is widened, so nothing about it after the loop is folded wrongly. */
    @Test
    void loopCarriedValuesAreWidenedSoundly() {
        String loop = """
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
                  %7: i64 = cmp.eq %2, %3
                  exit %7
                }
                """;
        assertTransforms(new RangeFolding(), loop, loop);
    }

    /** tcpsynbl's {@code $sock->sk_max_ack_backlog & 0xffffffff} on a u32 read: the mask changes nothing. */
    @Test
    void maskThatKeepsEveryPossibleBitBecomesACopyAndAShiftPastThemAConstant() {
        assertTransforms(new RangeFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = load.u4 [%0+0]
                  %2: i64 = const 4294967295
                  %3: i64 = and %1, %2
                  %4: i64 = const 65535
                  %5: i64 = and %1, %4
                  %6: i64 = const 32
                  %7: i64 = lshr %1, %6
                  %8: i64 = add %3, %5
                  %9: i64 = add %8, %7
                  exit %9
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = load.u4 [%0+0]
                  %2: i64 = const 4294967295
                  %3: i64 = copy %1
                  %4: i64 = const 65535
                  %5: i64 = and %1, %4
                  %6: i64 = const 32
                  %7: i64 = const 0
                  %8: i64 = add %3, %5
                  %9: i64 = add %8, %7
                  exit %9
                }
                """);
    }

    /** A map value found non-null stays non-null where that test dominates: the second test goes. */
    @Test
    void pointerTestedNonNullIsNotTestedAgain() {
        assertTransforms(new RangeFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %3: i64 = const 0
                  store.8 [%1+0], %3
                  %2: mapval = map.lookup #0, %1
                  %4: i64 = cmp.eq %2, %3
                  branch %4, b1, b2
                b1():
                  exit %3
                b2():
                  %5: i64 = call ktime_get_ns()
                  %6: i64 = cmp.eq %2, %3
                  exit %6
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %3: i64 = const 0
                  store.8 [%1+0], %3
                  %2: mapval = map.lookup #0, %1
                  %4: i64 = cmp.eq %2, %3
                  branch %4, b1, b2
                b1():
                  exit %3
                b2():
                  %5: i64 = call ktime_get_ns()
                  %6: i64 = const 0
                  exit %6
                }
                """);
    }
}

package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class ConstantArgumentThreadingTest {
    /** A predicate on a map read: the "absent" arm passes 0, which the predicate rejects, so it exits at once. */
    @Test
    void absentArmOfAPredicateOnAMapReadLeavesAtOnce() {
        assertTransforms(new ConstantArgumentThreading(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %3: i64 = const 0
                  store.8 [%1+0], %3
                  %2: mapval = map.lookup #0, %1
                  %4: i64 = cmp.eq %2, %3
                  branch %4, b2, b1
                b1():
                  %5: i64 = load.u8 [%2+0]
                  jump b3(%5)
                b2():
                  jump b3(%3)
                b3(%6: i64):
                  branch %6, b4, b5
                b4():
                  exit %3
                b5():
                  exit %3
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: stack = stack 8
                  %3: i64 = const 0
                  store.8 [%1+0], %3
                  %2: mapval = map.lookup #0, %1
                  %4: i64 = cmp.eq %2, %3
                  branch %4, b2, b1
                b1():
                  %5: i64 = load.u8 [%2+0]
                  jump b3(%5)
                b2():
                  jump b5()
                b3(%6: i64):
                  branch %6, b4, b5
                b4():
                  exit %3
                b5():
                  exit %3
                }
                """);
    }

    @Test
    void compareWithAConstantIsDecidedToo() {
        assertTransforms(new ConstantArgumentThreading(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 7
                  jump b1(%1)
                b1(%2: i64):
                  %3: i64 = const 5
                  %4: i64 = cmp.sgt %2, %3
                  branch %4, b2, b3
                b2():
                  %5: i64 = const 1
                  exit %5
                b3():
                  %6: i64 = const 0
                  exit %6
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 7
                  jump b2()
                b2():
                  %5: i64 = const 1
                  exit %5
                }
                """);
    }

    /** The value a jump passes is read after the test: bypassing the block would leave that read without a definition. */
    @Test
    void parameterReadBeyondTheTestStays() {
        String ir = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 0
                  jump b1(%1)
                b1(%2: i64):
                  branch %2, b2, b3
                b2():
                  exit %2
                b3():
                  exit %2
                }
                """;
        assertTransforms(new ConstantArgumentThreading(), ir, ir);
    }
}

package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class ExitMergingTest {
    @Test
    void blocksReturningTheSameConstantBecomeTheFirstOfThem() {
        // a failed predicate and the end of the probe both return 0
        assertTransforms(new ExitMerging(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: i64 = const 0
                  %3: i64 = cmp.eq %1, %2
                  branch %3, b1, b2
                b1():
                  exit %2
                b2():
                  %4: stack = stack 8
                  store.8 [%4+0], %2
                  %5: i64 = map.delete #0, %4
                  %6: i64 = const 0
                  jump b3()
                b3():
                  %7: i64 = const 0
                  exit %7
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: i64 = const 0
                  %3: i64 = cmp.eq %1, %2
                  branch %3, b1, b2
                b1():
                  exit %2
                b2():
                  %4: stack = stack 8
                  store.8 [%4+0], %2
                  %5: i64 = map.delete #0, %4
                  %6: i64 = const 0
                  jump b1()
                }
                """);
    }

    @Test
    void blocksReturningDifferentConstantsOrDoingMoreStayApart() {
        String apart = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: i64 = const 0
                  %3: i64 = cmp.eq %1, %2
                  branch %3, b1, b2
                b1():
                  exit %2
                b2():
                  %4: i64 = const 1
                  exit %4
                }
                """;
        assertTransforms(new ExitMerging(), apart, apart);
    }
}

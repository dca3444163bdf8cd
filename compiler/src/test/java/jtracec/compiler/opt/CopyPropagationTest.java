package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class CopyPropagationTest {
    @Test
    void usesOfCopiesReadTheSource() {
        assertTransforms(new CopyPropagation(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = copy %1
                  %3: i64 = copy %2
                  %4: i64 = add %3, %2
                  exit %4
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %4: i64 = add %1, %1
                  exit %4
                }
                """);
    }

    @Test
    void parameterReceivingOneValueEverywhereIsReplaced() {
        assertTransforms(new CopyPropagation(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  branch %1, b1, b2
                b1():
                  jump b3(%1)
                b2():
                  jump b3(%1)
                b3(%2: i64):
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  branch %1, b1, b2
                b1():
                  jump b3()
                b2():
                  jump b3()
                b3():
                  exit %1
                }
                """);
    }

    @Test
    void loopParameterPassedBackUnchangedIsReplaced() {
        assertTransforms(new CopyPropagation(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  jump b1(%1)
                b1(%2: i64):
                  %3: i64 = call get_prandom_u32()
                  branch %3, b2, b3
                b2():
                  jump b1(%2)
                b3():
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  jump b1()
                b1():
                  %3: i64 = call get_prandom_u32()
                  branch %3, b2, b3
                b2():
                  jump b1()
                b3():
                  exit %1
                }
                """);
    }

    @Test
    void parameterMergingDifferentValuesStays() {
        String ir = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 0
                  branch %1, b1, b2
                b1():
                  jump b3(%1)
                b2():
                  jump b3(%2)
                b3(%3: i64):
                  exit %3
                }
                """;
        assertTransforms(new CopyPropagation(), ir, ir);
    }
}

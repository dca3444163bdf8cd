package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
    @Test
    void arithmeticOnConstantsFoldsWithEbpfDivisionSemantics() {
        assertTransforms(new ConstantFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 7
                  %2: i64 = const 0
                  %3: i64 = udiv %1, %2
                  %4: i64 = umod %1, %2
                  %5: i64 = add %3, %4
                  exit %5
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 7
                  %2: i64 = const 0
                  %3: i64 = const 0
                  %4: i64 = const 7
                  %5: i64 = const 7
                  exit %5
                }
                """);
    }

    @Test
    void identitiesBecomeCopies() {
        assertTransforms(new ConstantFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 0
                  %3: i64 = add %1, %2
                  %4: i64 = const 1
                  %5: i64 = mul %4, %3
                  exit %5
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call ktime_get_ns()
                  %2: i64 = const 0
                  %3: i64 = copy %1
                  %4: i64 = const 1
                  %5: i64 = copy %3
                  exit %5
                }
                """);
    }

    @Test
    void branchOnConstantBecomesJumpAndDeadArmDisappears() {
        assertTransforms(new ConstantFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 3
                  %2: i64 = const 5
                  %3: i64 = cmp.slt %1, %2
                  branch %3, b1, b2
                b1():
                  exit %1
                b2():
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 3
                  %2: i64 = const 5
                  %3: i64 = const 1
                  jump b1()
                b1():
                  exit %1
                }
                """);
    }

    @Test
    void signedAndUnsignedComparisonsDiffer() {
        assertTransforms(new ConstantFolding(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const -1
                  %2: i64 = const 1
                  %3: i64 = cmp.slt %1, %2
                  %4: i64 = cmp.ult %1, %2
                  %5: i64 = sub %3, %4
                  exit %5
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const -1
                  %2: i64 = const 1
                  %3: i64 = const 1
                  %4: i64 = const 0
                  %5: i64 = const 1
                  exit %5
                }
                """);
    }
}

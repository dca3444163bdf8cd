package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class JumpThreadingTest {
    @Test
    void branchesSkipEmptyForwardingBlocksWhichThenGo() {
        assertTransforms(new JumpThreading(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: i64 = const 0
                  %3: i64 = cmp.ne %1, %2
                  branch %3, b1, b2
                b1():
                  %4: stack = stack 8
                  store.8 [%4+0], %2
                  %5: i64 = map.delete #0, %4
                  jump b3()
                b2():
                  jump b3()
                b3():
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: i64 = const 0
                  %3: i64 = cmp.ne %1, %2
                  branch %3, b1, b3
                b1():
                  %4: stack = stack 8
                  store.8 [%4+0], %2
                  %5: i64 = map.delete #0, %4
                  jump b3()
                b3():
                  exit %2
                }
                """);
    }

    @Test
    void chainsAreFollowedButJumpsWithArgumentsAndBlocksWithWorkStay() {
        assertTransforms(new JumpThreading(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 1
                  jump b1()
                b1():
                  jump b2()
                b2():
                  jump b3(%1)
                b3(%2: i64):
                  exit %2
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 1
                  jump b2()
                b2():
                  jump b3(%1)
                b3(%2: i64):
                  exit %2
                }
                """);
    }

    @Test
    void aLoopOfEmptyBlocksIsLeftAsItIsAndDoesNotHang() {
        assertTransforms(new JumpThreading(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  jump b1()
                b1():
                  jump b2()
                b2():
                  jump b1()
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  jump b1()
                b1():
                  jump b2()
                b2():
                  jump b1()
                }
                """);
    }
}

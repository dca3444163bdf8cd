package jtracec.compiler.opt;

import static jtracec.compiler.opt.PassTesting.assertTransforms;

import org.junit.jupiter.api.Test;

class MapLookupCseTest {
    @Test
    void secondLookupWithAnEqualKeyReusesTheFirst() {
        assertTransforms(new MapLookupCse(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %4: i64 = call get_current_pid_tgid()
                  %5: stack = stack 8
                  store.8 [%5+0], %4
                  %6: mapval = map.lookup #0, %5
                  %7: i64 = const 0
                  %8: i64 = cmp.eq %6, %7
                  branch %8, b1, b2
                b1():
                  exit %7
                b2():
                  %9: i64 = load.u8 [%6+0]
                  exit %9
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = call get_current_pid_tgid()
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %5: stack = stack 8
                  store.8 [%5+0], %1
                  %7: i64 = const 0
                  %8: i64 = cmp.eq %3, %7
                  branch %8, b1, b2
                b1():
                  exit %7
                b2():
                  %9: i64 = load.u8 [%3+0]
                  exit %9
                }
                """);
    }

    @Test
    void updateOfTheMapInBetweenKeepsBothLookups() {
        String ir = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 5
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %4: i64 = map.update #0, %2, %2, 0
                  %5: stack = stack 8
                  store.8 [%5+0], %1
                  %6: mapval = map.lookup #0, %5
                  %7: i64 = const 0
                  exit %7
                }
                """;
        assertTransforms(new MapLookupCse(), ir, ir);
    }

    @Test
    void lookupsInDifferentMapsStay() {
        String ir = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 5
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %5: stack = stack 8
                  store.8 [%5+0], %1
                  %6: mapval = map.lookup #1, %5
                  exit %1
                }
                """;
        assertTransforms(new MapLookupCse(), ir, ir);
    }

    @Test
    void keyWrittenByAHelperIsNeverAssumedEqual() {
        String ir = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 16
                  %2: stack = stack 16
                  %3: i64 = call get_current_comm(%2, %1)
                  %4: mapval = map.lookup #0, %2
                  %5: stack = stack 16
                  %6: i64 = call get_current_comm(%5, %1)
                  %7: mapval = map.lookup #0, %5
                  exit %1
                }
                """;
        assertTransforms(new MapLookupCse(), ir, ir);
    }

    /** biolatency's shape: a predicate reads @start[arg0], the body reads it again and then deletes it. */
    @Test
    void lookupInALaterBlockReusesTheFirstWhenTheDeleteComesAfterIt() {
        assertTransforms(new MapLookupCse(), """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 5
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %4: i64 = const 0
                  %5: i64 = cmp.eq %3, %4
                  branch %5, b1, b2
                b1():
                  exit %4
                b2():
                  %6: stack = stack 8
                  store.8 [%6+0], %1
                  %7: mapval = map.lookup #0, %6
                  %8: i64 = map.delete #0, %6
                  exit %4
                }
                """, """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 5
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %4: i64 = const 0
                  %5: i64 = cmp.eq %3, %4
                  branch %5, b1, b2
                b1():
                  exit %4
                b2():
                  %6: stack = stack 8
                  store.8 [%6+0], %1
                  %8: i64 = map.delete #0, %6
                  exit %4
                }
                """);
    }

    @Test
    void deleteOnAPathBetweenKeepsBothLookups() {
        String ir = """
                fn f "BEGIN" raw_tracepoint {
                b0(%0: ctx):
                  %1: i64 = const 5
                  %2: stack = stack 8
                  store.8 [%2+0], %1
                  %3: mapval = map.lookup #0, %2
                  %4: i64 = const 0
                  %5: i64 = cmp.eq %3, %4
                  branch %5, b1, b2
                b1():
                  %6: i64 = map.delete #0, %2
                  jump b3()
                b2():
                  jump b3()
                b3():
                  %7: stack = stack 8
                  store.8 [%7+0], %1
                  %8: mapval = map.lookup #0, %7
                  %9: i64 = cmp.eq %8, %4
                  exit %9
                }
                """;
        assertTransforms(new MapLookupCse(), ir, ir);
    }
}

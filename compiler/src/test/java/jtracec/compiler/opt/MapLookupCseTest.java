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
}

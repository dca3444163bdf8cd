/* Traced by UsdtTest: one probe inlined at two sites that hold its arguments in different places. */
#include <stdlib.h>
#include <sys/sdt.h>
static inline __attribute__((always_inline)) void hit(long v, int w) { STAP_PROBE2(app, inlined, v, w); }
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 3;
    hit(n, 1);
    volatile long m = n * 3;
    hit(m + 1, (int) n);
    return 0;
}

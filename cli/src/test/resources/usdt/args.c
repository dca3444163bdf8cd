/* Traced by UsdtTest: usdt arguments in constants, registers and memory, of every size and sign. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/sdt.h>

struct point { int64_t x; int32_t y; int16_t z; int8_t w; };

static volatile int64_t table[4] = {-7, 70000000000LL, 3, -4};
volatile int counter;

__attribute__((noinline)) static void fire(volatile int64_t *rows, struct point *p, long n, int8_t small, uint16_t mid) {
    /* constants (4@$5 style), registers and memory through a pointer */
    STAP_PROBE4(app, constants, 5, -1, (uint8_t) 200, (int16_t) -300);
    STAP_PROBE6(app, values, n, small, mid, (uint32_t) n * 3, (int32_t) -n, (uint64_t) n << 40);
    STAP_PROBE4(app, fields, p->x, p->y, p->z, p->w);
    /* a local on the stack: volatile forces a memory operand such as -8(%rbp) or 8(%rsp) */
    volatile int32_t local = (int32_t) -n * 1000;
    volatile int64_t wide = n * 1000000007LL;
    STAP_PROBE2(app, locals, local, wide);
    long i = n & 3;
    STAP_PROBE1(app, indexed, table[i]);
    STAP_PROBE1(app, pointed, rows[n & 3]);
    /* a global: an operand relative to the instruction pointer, counter(%rip) */
    counter++;
    STAP_PROBE1(app, global, counter);
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 3;
    for (long n = 1; n <= count; n++) {
        struct point p = {-n * 100000000000LL, (int32_t) (n * -5), (int16_t) (n * 7), (int8_t) -n};
        fire(table, &p, n, (int8_t) -n, (uint16_t) (n * 60000));
    }
    return 0;
}

/* Traced by UsdtTest: fires app:tick once per loop, and app:armed only while a tracer holds its semaphore. */
#define _SDT_HAS_SEMAPHORES 1
#include <stdlib.h>
#include <unistd.h>

__extension__ unsigned short app_tick_semaphore __attribute__((unused)) __attribute__((section(".probes")));
__extension__ unsigned short app_armed_semaphore __attribute__((unused)) __attribute__((section(".probes")));

#include <sys/sdt.h>

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 3;
    for (long i = 0; i < count; i++) {
        STAP_PROBE2(app, tick, i, i * 10);
        if (app_armed_semaphore) STAP_PROBE1(app, armed, i);
        usleep(1000);
    }
    return 0;
}

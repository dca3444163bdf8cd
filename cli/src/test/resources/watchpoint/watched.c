/* Traced by WatchpointTest: writes the global counter once per loop; built -no-pie so its address is fixed. */
#include <stdlib.h>
#include <unistd.h>

volatile long counter;

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 3;
    for (int i = 0; i < count; i++) {
        counter += 1;
        usleep(1000);
    }
    return 0;
}

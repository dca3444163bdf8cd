/* Traced by AddressFunctionsTest: uaddr() finds these globals; built -no-pie, so the addresses in its symbol table are where they are at run time. */
#include <unistd.h>

short small = -2;
int medium = 123456;
long large = 0x1122334455667788;
char name[8] = "jtracec";

__attribute__((noinline)) void tick(int i) {
    __asm__ volatile("" : : "r"(i) : "memory");
}

int main(void) {
    for (int i = 0; i < 3; i++) {
        tick(i);
        usleep(1000);
    }
    return 0;
}

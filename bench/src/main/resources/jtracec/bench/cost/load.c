/* The cost report's workload: the same syscalls and library calls, in the same order, on every run.
 * Each iteration opens, reads (twice: data, then end of file) and closes a file, probes a signal
 * and sets its uid to itself; every 100th also forks a child, writes and fdatasyncs a scratch file
 * and resolves "localhost" (getaddrinfo, gethostbyname). Usage: load ITERATIONS SCRATCH_FILE */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: load ITERATIONS SCRATCH_FILE\n"); return 2; }
    long iterations = atol(argv[1]);
    int scratch = open(argv[2], O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (scratch < 0) { perror(argv[2]); return 1; }
    char buffer[256] = {0};
    for (long i = 0; i < iterations; i++) {
        int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);
        if (fd >= 0) {
            if (read(fd, buffer, sizeof buffer) < 0) perror("read");
            if (read(fd, buffer, sizeof buffer) < 0) perror("read");
            close(fd);
        }
        kill(getpid(), 0);
        if (setuid(getuid()) != 0) perror("setuid");
        if (i % 100 == 0) {
            pid_t child = fork();
            if (child == 0) _exit(0);
            if (child > 0) waitpid(child, NULL, 0);
            if (write(scratch, buffer, 16) < 0) perror("write");
            fdatasync(scratch);
            struct addrinfo *result;
            if (getaddrinfo("localhost", NULL, NULL, &result) == 0) freeaddrinfo(result);
            gethostbyname("localhost");
        }
    }
    close(scratch);
    return 0;
}

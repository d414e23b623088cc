/* Helper of bench/supervisor-bench.sh.
 *   as a service's ./run (no arguments): appends CLOCK_REALTIME in ns to ./starts (its first work after exec),
 *                                        then sleeps in pause() for ever
 *   supervisor-bench kill PID:           prints CLOCK_REALTIME in ns, then kill(PID, SIGKILL)
 * Static where the toolchain allows, so no dynamic loader runs between exec and the stamp. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "kill") == 0) {
        long pid = strtol(argv[2], NULL, 10);
        if (pid <= 1) {
            fprintf(stderr, "supervisor-bench: bad pid '%s'\n", argv[2]);
            return 2;
        }
        long long t = now_ns();
        if (kill((pid_t)pid, SIGKILL) != 0) {
            perror("supervisor-bench: kill");
            return 1;
        }
        printf("%lld\n", t);
        return 0;
    }
    long long t = now_ns();
    char line[32];
    int n = snprintf(line, sizeof line, "%lld\n", t);
    int fd = open("starts", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, line, (size_t)n) != n) {
        perror("supervisor-bench: starts");
        return 111;
    }
    close(fd);
    for (;;) {
        pause();
    }
}

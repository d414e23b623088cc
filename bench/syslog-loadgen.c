/*
 * syslog-loadgen SOCKET OUTFILE N SIZE
 *
 * Sends N datagrams of SIZE bytes, glibc's form "<13>Mmm dd hh:mm:ss bench[PID]: NNNNNNNNN xxx...", to the unix
 * datagram socket SOCKET as fast as it takes them. Sends block (as glibc's syslog(3) does) when the daemon's queue
 * is full, so the sender drops nothing. Then follows OUTFILE until it holds N lines, or until no line has been added
 * for STALL seconds. Prints: "sent N lines L seconds T" (T from the first send to the N-th line, or to the last line
 * seen). Used by syslog-bench.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define STALL 10.0

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s SOCKET OUTFILE N SIZE\n", argv[0]);
        return 2;
    }
    long n = atol(argv[3]);
    int size = atoi(argv[4]);
    if (n <= 0 || size < 40 || size > 8000) {
        fprintf(stderr, "syslog-loadgen: N must be > 0 and SIZE 40..8000\n");
        return 2;
    }
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1);
    if (s < 0 || connect(s, (struct sockaddr *) &a, sizeof a) < 0) {
        fprintf(stderr, "syslog-loadgen: connect %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    char msg[8192];
    int head = snprintf(msg, sizeof msg, "<13>Nov 28 04:00:00 bench[%d]: ", (int) getpid());
    memset(msg + head, 'x', size - head);
    double start = now();
    for (long i = 0; i < n; i++) {
        char num[16];
        snprintf(num, sizeof num, "%09ld ", i);
        memcpy(msg + head, num, 10);
        while (send(s, msg, size, 0) < 0) {
            if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN) {
                fprintf(stderr, "syslog-loadgen: send #%ld: %s\n", i, strerror(errno));
                return 1;
            }
        }
    }
    double sent = now();
    /* Follow the file: count LF bytes as they are appended. */
    long lines = 0;
    int fd = -1;
    char buf[1 << 16];
    double last = now();
    struct timespec pause = {0, 1000000}; /* 1 ms between looks: a benchmark, not a test */
    while (lines < n && now() - last < STALL) {
        if (fd < 0) {
            fd = open(argv[2], O_RDONLY);
            if (fd < 0) {
                nanosleep(&pause, NULL);
                continue;
            }
        }
        ssize_t r = read(fd, buf, sizeof buf);
        if (r > 0) {
            for (ssize_t i = 0; i < r; i++) {
                lines += buf[i] == '\n';
            }
            last = now();
        } else {
            nanosleep(&pause, NULL);
        }
    }
    printf("sent %ld lines %ld seconds %.6f sendseconds %.6f\n", n, lines, last - start,
           sent - start);
    return 0;
}

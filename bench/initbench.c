/*
 * initbench: the small programs bench/init-bench.sh runs under each init (compiled at bench time, see the script).
 * Times are CLOCK_MONOTONIC nanoseconds, which every process of the machine shares.
 *
 *   initbench launch FILE -- INIT ARGS...   write "now" to FILE, then exec INIT (it keeps our pid: PID 1)
 *   initbench stamp FILE                    first thing: write "now" to FILE; exit 0
 *   initbench stampcpu FILE CPUFILE         the same, then write PID 1's CPU time so far to CPUFILE, in ms: utime +
 *                                           stime of /proc/1/stat (every thread, ended ones too; 10 ms ticks) and the
 *                                           sum of /proc/1/task/(*)/schedstat (live threads only, ns precision)
 *   initbench termchild READY FILE          install a TERM handler, create READY, wait (at most 30 s); the handler
 *                                           writes "now" to FILE and exits 0
 *   initbench sendterm PID FILE             kill(PID, SIGTERM), then write the time just before it to FILE
 *   initbench exitwatch PID FILE            wait (a pidfd, at most 60 s) for PID to exit, then write "now" to FILE:
 *                                           when an init has ended, for TERM -> exit (how long a `docker stop` takes)
 *   initbench storm N                       make N orphans of our init, release them all at once and report, on
 *                                           stdout, how long the init took to reap them (see storm())
 *   initbench killself SIG                  kill ourselves with signal SIG
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void write_ns(const char *file, int64_t t) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld\n", (long long) t);
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, buf, (size_t) n) != n) {
        perror(file);
        _exit(99);
    }
    close(fd);
}

static const char *term_file;

static void on_term(int sig) {
    (void) sig;
    write_ns(term_file, now_ns());
    _exit(0);
}

/* utime + stime of a pid, in clock ticks, from /proc/PID/stat (fields 14 and 15, after the ")" of the name). */
static long long cpu_ticks(int pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long long ut = 0, st = 0;
    /* after ") ": state(3) ppid(4) pgrp sess tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return -1;
    return (long long) (ut + st);
}

/* Run time of every live thread of a pid, in ns: the first field of each /proc/PID/task/TID/schedstat. */
static long long task_cpu_ns(int pid) {
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d) return -1;
    long long sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "/proc/%d/task/%.20s/schedstat", pid, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue; /* the thread ended meanwhile */
        long long ns = 0;
        if (fscanf(f, "%lld", &ns) == 1) sum += ns;
        fclose(f);
    }
    closedir(d);
    return sum;
}

static long status_kb(int pid, const char *key) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long v = -1;
    size_t k = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, k) == 0 && line[k] == ':') {
            v = strtol(line + k + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

/*
 * An orphan storm, run as the init's main command. An intermediate process forks N children that block on a pipe,
 * then exits; we reap it, and by then the kernel has re-parented all N to the init (PID 1). Then we close the pipe:
 * all N read EOF, write their exit time into shared memory and exit at once, and the init must reap them. We poll
 * (kill(pid, 0): a zombie still answers it, a reaped pid does not) until every one is gone or 30 s have passed.
 * Output: "orphans=N reaped=R last_exit_to_reaped_ms=... release_to_reaped_ms=... init_cpu_ms=... init_hwm_kb=..."
 */
static int storm(int n) {
    int64_t *stamps = mmap(NULL, sizeof(int64_t) * (size_t) n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t *pids = mmap(NULL, sizeof(pid_t) * (size_t) n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (stamps == MAP_FAILED || pids == MAP_FAILED) { perror("mmap"); return 2; }
    int fds[2];
    if (pipe(fds) < 0) { perror("pipe"); return 2; }
    pid_t mid = fork();
    if (mid < 0) { perror("fork"); return 2; }
    if (mid == 0) {
        close(fds[1]);
        for (int i = 0; i < n; i++) {
            pid_t p = fork();
            if (p < 0) { perror("fork orphan"); _exit(3); }
            if (p == 0) {
                char c;
                while (read(fds[0], &c, 1) < 0 && errno == EINTR) { }
                stamps[i] = now_ns();
                _exit(0);
            }
            pids[i] = p;
        }
        _exit(0);
    }
    close(fds[0]);
    int st;
    if (waitpid(mid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "storm: the intermediate failed\n");
        return 2;
    }
    long long cpu0 = cpu_ticks(1);
    int64_t release = now_ns();
    close(fds[1]); /* EOF: every orphan exits now */
    int gone = 0;
    int64_t deadline = release + 30LL * 1000000000LL;
    while (gone < n && now_ns() < deadline) {
        while (gone < n && kill(pids[gone], 0) < 0 && errno == ESRCH) gone++;
        if (gone < n) {
            struct timespec ts = {0, 50000}; /* 50 us */
            nanosleep(&ts, NULL);
        }
    }
    int64_t end = now_ns();
    int reaped = 0;
    int64_t last = 0;
    for (int i = 0; i < n; i++) {
        if (kill(pids[i], 0) < 0 && errno == ESRCH) reaped++;
        if (stamps[i] > last) last = stamps[i];
    }
    long long cpu1 = cpu_ticks(1);
    long hz = sysconf(_SC_CLK_TCK);
    printf("orphans=%d reaped=%d last_exit_to_reaped_ms=%.3f release_to_reaped_ms=%.3f init_cpu_storm_ms=%.0f "
           "init_cpu_total_ms=%.0f init_hwm_kb=%ld\n",
           n, reaped, last ? (end - last) / 1e6 : -1.0, (end - release) / 1e6, (cpu1 - cpu0) * 1000.0 / hz,
           cpu1 * 1000.0 / hz, status_kb(1, "VmHWM"));
    fflush(stdout);
    return reaped == n ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "stamp") == 0) {
        write_ns(argv[2], now_ns());
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "stampcpu") == 0) {
        write_ns(argv[2], now_ns());
        long long ticks = cpu_ticks(1), ns = task_cpu_ns(1);
        long hz = sysconf(_SC_CLK_TCK);
        char buf[64];
        int n = snprintf(buf, sizeof buf, "%.0f %.1f\n", ticks * 1000.0 / hz, ns / 1e6);
        int fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, buf, (size_t) n) != n) { perror(argv[3]); return 99; }
        close(fd);
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "launch") == 0 && strcmp(argv[3], "--") == 0) {
        write_ns(argv[2], now_ns());
        execvp(argv[4], argv + 4);
        perror(argv[4]);
        return 127;
    }
    if (argc >= 4 && strcmp(argv[1], "termchild") == 0) {
        term_file = argv[3];
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sigaction(SIGTERM, &sa, NULL);
        int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) { perror(argv[2]); return 99; }
        close(fd);
        for (int i = 0; i < 300; i++) {
            struct timespec ts = {0, 100000000}; /* 0.1 s */
            nanosleep(&ts, NULL);
        }
        return 3; /* no TERM within 30 s */
    }
    if (argc >= 4 && strcmp(argv[1], "sendterm") == 0) {
        pid_t pid = (pid_t) atoi(argv[2]);
        int64_t t = now_ns();
        if (kill(pid, SIGTERM) < 0) { perror("kill"); return 1; }
        write_ns(argv[3], t);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "exitwatch") == 0) {
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
        int fd = (int) syscall(SYS_pidfd_open, (pid_t) atoi(argv[2]), 0);
        if (fd < 0) { perror("pidfd_open"); return 1; }
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 60000) <= 0) { fprintf(stderr, "exitwatch: pid %s did not exit within 60 s\n", argv[2]); return 1; }
        write_ns(argv[3], now_ns());
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "storm") == 0) {
        return storm(atoi(argv[2]));
    }
    if (argc >= 3 && strcmp(argv[1], "killself") == 0) {
        signal(atoi(argv[2]), SIG_DFL);
        kill(getpid(), atoi(argv[2]));
        pause();
        return 0;
    }
    fprintf(stderr, "usage: see the comment at the top of bench/initbench.c\n");
    return 2;
}

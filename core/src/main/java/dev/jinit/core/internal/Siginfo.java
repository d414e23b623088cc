package dev.jinit.core.internal;

/**
 * Offsets into Linux's {@code siginfo_t} for a {@code SIGCHLD} filled in by {@code waitid} (same on x86-64 and
 * arm64: three ints, padding to 16, then pid, uid, status).
 */
final class Siginfo {
    static final int SIZE = 128;
    static final int SI_SIGNO = 0;
    static final int SI_CODE = 8;
    static final int SI_PID = 16;
    static final int SI_STATUS = 24;

    private Siginfo() {
    }
}

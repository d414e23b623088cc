package dev.jinit.core;

import java.nio.file.Path;

/**
 * Raw file descriptors for what the JDK cannot do: FIFOs opened as runit's runsv opens them, {@code flock(2)} locks
 * (a {@code FileChannel} lock is an fcntl lock, which does not exclude a real runsv), pipes whose fd numbers can be
 * handed to {@link Spawner} as {@link Redirect#fd}, and {@code poll(2)} over many descriptors from one thread.
 *
 * <p>Every descriptor this interface opens is close-on-exec. EINTR is retried. Obtain the implementation from
 * {@link Natives#descriptors()}. Thread-safe (the calls are plain syscalls).
 */
public interface Descriptors {
    /** {@code O_RDONLY}. */
    int READ = 0;
    /** {@code O_WRONLY}. */
    int WRITE = 1;
    /** {@code O_RDWR}. */
    int READ_WRITE = 2;
    /** {@code O_CREAT}. */
    int CREATE = 0100;
    /** {@code O_APPEND}. */
    int APPEND = 02000;
    /** {@code O_NONBLOCK}. */
    int NONBLOCK = 04000;

    /** {@code poll(2)}'s POLLIN. */
    short POLLIN = 0x1;
    /** {@code poll(2)}'s POLLERR, POLLHUP and POLLNVAL together. */
    short POLL_ERRORS = 0x8 | 0x10 | 0x20;

    /**
     * {@code mkfifo(path, mode)}.
     *
     * @return false when something already exists at {@code path} (EEXIST), true when the FIFO was made
     * @throws NativeException for any other error
     */
    boolean mkfifo(Path path, int mode);

    /**
     * {@code open(path, flags | O_CLOEXEC, mode)}.
     *
     * @param flags {@link #READ}, {@link #WRITE} or {@link #READ_WRITE}, or-ed with {@link #CREATE}, {@link #APPEND},
     *              {@link #NONBLOCK}
     * @return the descriptor
     * @throws NativeException when open fails (its {@code errno()} says why: ENXIO for a FIFO without reader...)
     */
    int open(Path path, int flags, int mode);

    /**
     * {@code flock(fd, LOCK_EX | LOCK_NB)}.
     *
     * @return false when another open file description holds the lock (EWOULDBLOCK)
     */
    boolean tryLockExclusive(int fd);

    /** {@code pipe2(O_CLOEXEC)}: {read end, write end}. */
    int[] pipe();

    /**
     * {@code read(fd, buf, buf.length)}.
     *
     * @return the number of bytes read, 0 at end of file, -1 when a non-blocking descriptor has nothing (EAGAIN)
     */
    int read(int fd, byte[] buf);

    /** {@code write(fd, buf, len)}: the number of bytes written, -1 on EAGAIN. */
    int write(int fd, byte[] buf, int len);

    /** {@code close(fd)}; EBADF and EINTR are ignored (the descriptor is gone either way). */
    void close(int fd);

    /**
     * {@code poll(2)} for {@link #POLLIN} on each of {@code fds}.
     *
     * @param revents filled with each descriptor's returned events, same length as {@code fds}
     * @param timeoutMillis -1 to wait forever
     * @return how many descriptors have events (0 on timeout)
     */
    int poll(int[] fds, short[] revents, int timeoutMillis);

    /**
     * An inotify descriptor ({@code inotify_init1(IN_NONBLOCK | IN_CLOEXEC)}) watching directory {@code dir} for
     * entries created, deleted or moved in or out, and for the directory itself going away: read it (non-blocking,
     * whole {@code struct inotify_event}s, a buffer of at least 272 bytes) when {@link #poll} reports it readable.
     *
     * @throws NativeException naming the call that failed (ENOENT, ENOTDIR: no such directory; ENOSPC, EMFILE: the
     *                         user's inotify limits)
     */
    int watchDirectory(Path dir);
}

package dev.jinit.core.internal;

import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code signalfd} for a set of signals that every thread of the process blocks, and an {@code eventfd} to wake
 * its reader: the reader blocks in {@code poll} on both, with no timeout, so an idle init makes no wake-ups.
 *
 * <p>{@link #await()} and {@link #close()} belong to one thread, the reader; {@link #wake()} may be called from any
 * thread until then. The reader closes the descriptors itself once it has stopped reading, so that no descriptor is
 * closed under a {@code poll} in progress (another thread could get its number meanwhile).
 */
public final class JnrSignalFd implements AutoCloseable {
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final short POLLIN = 0x1;
    private static final short POLLERR = 0x8;
    private static final short POLLHUP = 0x10;
    private static final short POLLNVAL = 0x20;
    private static final int POLLFD_SIZE = 8; // struct pollfd { int fd; short events; short revents; }
    private static final int SIGSET_SIZE = 128;
    private static final int EIO = 5;
    private static final int BATCH = 16; // records per read; the 31 standard signals are at most one pending each

    private final LibC libc;
    private final int signalFd;
    private final int wakeFd;
    private final NativeMemory pollFds = NativeMemory.allocate(2 * POLLFD_SIZE);
    private final NativeMemory records = NativeMemory.allocate(BATCH * SignalFdSiginfo.SIZE);
    private final NativeMemory counter = NativeMemory.allocate(8);
    private final NativeMemory one = NativeMemory.allocate(8); // the eventfd increment wake() writes, under lock
    private final Object lock = new Object(); // wake() and close(): never write to a descriptor number reused
    private boolean closed; // guarded by lock

    private JnrSignalFd(LibC libc, int signalFd, int wakeFd) {
        this.libc = libc;
        this.signalFd = signalFd;
        this.wakeFd = wakeFd;
        one.putLong(0, 1L);
        pollFds.putInt(0, signalFd);
        pollFds.putShort(4, POLLIN);
        pollFds.putInt(POLLFD_SIZE, wakeFd);
        pollFds.putShort(POLLFD_SIZE + 4, POLLIN);
    }

    /**
     * Opens a signalfd for the signals whose bits are set in {@code mask} (bit {@code n - 1} for signal {@code n}) and
     * the wake-up eventfd, both non-blocking and close-on-exec.
     *
     * @throws NativeException naming the call that failed
     */
    public static JnrSignalFd open(LibC libc, long mask) {
        NativeMemory set = NativeMemory.allocate(SIGSET_SIZE);
        set.putLong(0, mask);
        int sfd = libc.signalfd(-1, set, O_NONBLOCK | O_CLOEXEC);
        if (sfd < 0) {
            int errno = NativeFunction.errno();
            throw new NativeException("signalfd(-1, 0x" + Long.toHexString(mask) + ")", errno, libc.strerror(errno));
        }
        int efd = libc.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        if (efd < 0) {
            int errno = NativeFunction.errno();
            libc.close(sfd);
            throw new NativeException("eventfd", errno, libc.strerror(errno));
        }
        return new JnrSignalFd(libc, sfd, efd);
    }

    /**
     * Blocks until a signal is pending or {@link #wake()} was called, then returns every pending signal (none after
     * a wake-up alone). Reader thread only.
     *
     * @throws NativeException when poll or read fails other than by EINTR/EAGAIN
     */
    public List<SignalFdSiginfo> await() {
        while (libc.poll(pollFds, 2, -1) < 0) {
            int errno = NativeFunction.errno();
            if (errno != Errno.EINTR) {
                throw new NativeException("poll(signalfd " + signalFd + ", eventfd " + wakeFd + ")", errno,
                        libc.strerror(errno));
            }
        }
        short sigEvents = pollFds.getShort(6);
        short wakeEvents = pollFds.getShort(POLLFD_SIZE + 6);
        if (((sigEvents | wakeEvents) & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
            throw new NativeException("poll(signalfd " + signalFd + ", eventfd " + wakeFd + ") revents 0x"
                    + Integer.toHexString(sigEvents & 0xffff) + "/0x" + Integer.toHexString(wakeEvents & 0xffff),
                    EIO, "descriptor error");
        }
        if ((wakeEvents & POLLIN) != 0) {
            libc.read(wakeFd, counter, 8); // resets the counter; EAGAIN when another read won: fine
        }
        List<SignalFdSiginfo> out = new ArrayList<>(2);
        if ((sigEvents & POLLIN) != 0) {
            for (int i = 0; i < 64; i++) { // at most 31 standard signals can be pending: ends long before
                long n = libc.read(signalFd, records, records.size());
                if (n < 0) {
                    int errno = NativeFunction.errno();
                    if (errno == Errno.EAGAIN) {
                        break;
                    }
                    if (errno != Errno.EINTR) {
                        throw new NativeException("read(signalfd " + signalFd + ")", errno, libc.strerror(errno));
                    }
                    continue;
                }
                out.addAll(SignalFdSiginfo.parse(records, (int) n));
                if (n < records.size()) {
                    break;
                }
            }
        }
        return out;
    }

    /** Makes the reader's {@link #await()} return. Any thread; a no-op once closed. */
    public void wake() {
        synchronized (lock) {
            if (!closed) {
                libc.write(wakeFd, one, 8); // EAGAIN only with the counter near 2^64: a wake-up is pending
            }
        }
    }

    /** Closes both descriptors. Reader thread only, after its last {@link #await()}; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            libc.close(signalFd);
            libc.close(wakeFd);
        }
    }
}

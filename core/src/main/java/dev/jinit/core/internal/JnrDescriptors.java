package dev.jinit.core.internal;

import dev.jinit.core.Descriptors;
import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import java.nio.file.Path;

/** {@link Descriptors} over libc. Internal: obtain it from {@link dev.jinit.core.Natives}. */
public final class JnrDescriptors implements Descriptors {
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int EEXIST = 17;
    private static final int EWOULDBLOCK = Errno.EAGAIN;
    private static final int POLLFD_SIZE = 8; // struct pollfd { int fd; short events; short revents; }
    private static final int IN_NONBLOCK = 04000;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_ONLYDIR = 0x1000000;

    /** Above this a read or write gets a block of its own instead of the calling thread's kept one. */
    private static final int KEPT_MAX = 64 * 1024;

    private final LibC libc;
    /** Per thread, the C buffer of its reads and writes: cron's output pump and the control poller read constantly. */
    private final ThreadLocal<NativeMemory> kept = new ThreadLocal<>();

    public JnrDescriptors(LibC libc) {
        this.libc = libc;
    }

    /** A C buffer of at least {@code size} bytes (1 or more) for one call on this thread. */
    private NativeMemory buffer(int size) {
        int n = Math.max(1, size);
        if (n > KEPT_MAX) {
            return NativeMemory.allocate(n);
        }
        NativeMemory m = kept.get();
        if (m == null || m.size() < n) {
            m = NativeMemory.allocate(Math.max(n, 4096));
            kept.set(m);
        }
        return m;
    }

    private NativeException error(String call) {
        int errno = NativeFunction.errno();
        return new NativeException(call, errno, libc.strerror(errno));
    }

    @Override
    public boolean mkfifo(Path path, int mode) {
        while (libc.mkfifo(path.toString(), mode) != 0) {
            int errno = NativeFunction.errno();
            if (errno == EEXIST) {
                return false;
            }
            if (errno != Errno.EINTR) {
                throw new NativeException("mkfifo(" + path + ")", errno, libc.strerror(errno));
            }
        }
        return true;
    }

    @Override
    public int open(Path path, int flags, int mode) {
        while (true) {
            int fd = libc.open(path.toString(), flags | O_CLOEXEC, mode);
            if (fd >= 0) {
                return fd;
            }
            if (NativeFunction.errno() != Errno.EINTR) {
                throw error("open(" + path + ")");
            }
        }
    }

    @Override
    public boolean tryLockExclusive(int fd) {
        while (libc.flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int errno = NativeFunction.errno();
            if (errno == EWOULDBLOCK) {
                return false;
            }
            if (errno != Errno.EINTR) {
                throw new NativeException("flock(" + fd + ", LOCK_EX|LOCK_NB)", errno, libc.strerror(errno));
            }
        }
        return true;
    }

    @Override
    public int[] pipe() {
        NativeMemory fds = NativeMemory.allocate(8);
        if (libc.pipe2(fds, O_CLOEXEC) != 0) {
            throw error("pipe2(O_CLOEXEC)");
        }
        return new int[] {fds.getInt(0), fds.getInt(4)};
    }

    @Override
    public int read(int fd, byte[] buf) {
        NativeMemory m = buffer(buf.length);
        int n = retrying("read", fd, () -> libc.read(fd, m, buf.length));
        if (n > 0) {
            m.get(0, buf, 0, n);
        }
        return n;
    }

    @Override
    public int write(int fd, byte[] buf, int len) {
        if (len < 0 || len > buf.length) {
            throw new IllegalArgumentException("len must be 0-" + buf.length + ", but was " + len);
        }
        NativeMemory m = buffer(len);
        m.put(0, buf, 0, len);
        return retrying("write", fd, () -> libc.write(fd, m, len));
    }

    /** Runs a read or write, again after EINTR; -1 for EAGAIN (nothing now on a non-blocking fd). */
    private int retrying(String call, int fd, java.util.function.LongSupplier io) {
        while (true) {
            long n = io.getAsLong();
            if (n >= 0) {
                return (int) n;
            }
            int errno = NativeFunction.errno();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw new NativeException(call + "(" + fd + ")", errno, libc.strerror(errno));
            }
        }
    }

    @Override
    public void close(int fd) {
        libc.close(fd); // Linux releases the descriptor even when close reports EINTR: never retry
    }

    @Override
    public int poll(int[] fds, short[] revents, int timeoutMillis) {
        if (revents.length != fds.length) {
            throw new IllegalArgumentException("revents must have " + fds.length + " entries, but has " + revents.length);
        }
        NativeMemory p = NativeMemory.allocate(Math.max(1, fds.length) * POLLFD_SIZE);
        for (int i = 0; i < fds.length; i++) {
            p.putInt(i * POLLFD_SIZE, fds[i]);
            p.putShort(i * POLLFD_SIZE + 4, POLLIN);
        }
        while (true) {
            int n = libc.poll(p, fds.length, timeoutMillis);
            if (n >= 0) {
                for (int i = 0; i < fds.length; i++) {
                    revents[i] = p.getShort(i * POLLFD_SIZE + 6);
                }
                return n;
            }
            if (NativeFunction.errno() != Errno.EINTR) {
                throw error("poll");
            }
        }
    }

    @Override
    public int watchDirectory(Path dir) {
        int fd = libc.inotify_init1(IN_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            throw error("inotify_init1");
        }
        int mask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
        if (libc.inotify_add_watch(fd, dir.toString(), mask) < 0) {
            NativeException e = error("inotify_add_watch(" + dir + ")");
            libc.close(fd);
            throw e;
        }
        return fd;
    }
}

package dev.jinit.core.internal;

import dev.jinit.core.Descriptors;
import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** {@link Descriptors} over libc. Internal: obtain it from {@link dev.jinit.core.Natives}. */
public final class JnrDescriptors implements Descriptors {
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int EEXIST = 17;
    private static final int EWOULDBLOCK = Errno.EAGAIN;
    private static final int POLLFD_SIZE = 8; // struct pollfd { int fd; short events; short revents; }

    private final FdLibC libc;
    private final Runtime runtime;

    private JnrDescriptors(FdLibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /** Binds libc's descriptor calls; fails at once when one is missing. */
    public static JnrDescriptors load() {
        return new JnrDescriptors(LibraryLoader.create(FdLibC.class).failImmediately().load("c"));
    }

    private NativeException error(String call) {
        int errno = runtime.getLastError();
        return new NativeException(call, errno, libc.strerror(errno));
    }

    @Override
    public boolean mkfifo(Path path, int mode) {
        while (libc.mkfifo(path.toString(), mode) != 0) {
            int errno = runtime.getLastError();
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
            if (runtime.getLastError() != Errno.EINTR) {
                throw error("open(" + path + ")");
            }
        }
    }

    @Override
    public boolean tryLockExclusive(int fd) {
        while (libc.flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int errno = runtime.getLastError();
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
        int[] fds = new int[2];
        if (libc.pipe2(fds, O_CLOEXEC) != 0) {
            throw error("pipe2(O_CLOEXEC)");
        }
        return fds;
    }

    @Override
    public int read(int fd, byte[] buf) {
        return retrying("read", fd, () -> libc.read(fd, buf, buf.length));
    }

    @Override
    public int write(int fd, byte[] buf, int len) {
        if (len < 0 || len > buf.length) {
            throw new IllegalArgumentException("len must be 0-" + buf.length + ", but was " + len);
        }
        return retrying("write", fd, () -> libc.write(fd, buf, len));
    }

    /** Runs a read or write, again after EINTR; -1 for EAGAIN (nothing now on a non-blocking fd). */
    private int retrying(String call, int fd, java.util.function.LongSupplier io) {
        while (true) {
            long n = io.getAsLong();
            if (n >= 0) {
                return (int) n;
            }
            int errno = runtime.getLastError();
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
        Pointer p = Memory.allocateDirect(runtime, Math.max(1, fds.length) * POLLFD_SIZE, true);
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
            if (runtime.getLastError() != Errno.EINTR) {
                throw error("poll");
            }
        }
    }
}

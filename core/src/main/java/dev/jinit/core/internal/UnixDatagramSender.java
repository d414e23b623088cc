package dev.jinit.core.internal;

import dev.jinit.core.NativeException;
import java.nio.file.Path;

/**
 * An unconnected, non-blocking AF_UNIX datagram socket that sends to one path ({@code sendto} per datagram, so a
 * receiver that binds or rebinds the path later gets the next one). For {@link dev.jinit.core.SyslogClient}.
 * Thread-safe; internal.
 */
public final class UnixDatagramSender implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;

    private final SocketLibC lib = SocketLibC.shared();
    private final NativeMemory address;
    private final int fd;
    private boolean closed; // guarded by this: no send on a descriptor number closed and reused meanwhile
    private NativeMemory data = NativeMemory.allocate(512); // guarded by this; grows to the longest datagram sent

    private UnixDatagramSender(NativeMemory address, int fd) {
        this.address = address;
        this.fd = fd;
    }

    /**
     * Opens the socket.
     *
     * @throws IllegalArgumentException when {@code path} does not fit in a unix socket address (1–107 bytes)
     * @throws NativeException          when no socket can be made
     */
    public static UnixDatagramSender open(Path path) {
        NativeMemory address = JnrUnixDatagramServer.sockaddr(path);
        SocketLibC lib = SocketLibC.shared();
        int fd = lib.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int errno = NativeFunction.errno();
            throw new NativeException("socket(AF_UNIX, SOCK_DGRAM)", errno, lib.strerror(errno));
        }
        return new UnixDatagramSender(address, fd);
    }

    /**
     * Sends {@code datagram} whole, without waiting.
     *
     * @return 0 when it was handed to the receiver's queue, else the errno: {@code EAGAIN} when that queue is full,
     *         {@code ENOENT} or {@code ECONNREFUSED} when nobody is bound to the path, {@code EBADF} once closed
     */
    public synchronized int send(byte[] datagram) {
        if (closed) {
            return 9; // EBADF
        }
        if (data.size() < datagram.length) {
            data = NativeMemory.allocate(datagram.length);
        }
        data.put(0, datagram, 0, datagram.length);
        long n = lib.sendto(fd, data, datagram.length, 0, address, address.size());
        return n >= 0 ? 0 : NativeFunction.errno();
    }

    /** The message of an errno {@link #send} returned. */
    public String describe(int errno) {
        return lib.strerror(errno);
    }

    /** Closes the socket. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lib.close(fd);
        }
    }
}

package dev.jinit.core.internal;

import static com.kenai.jffi.Type.POINTER;
import static com.kenai.jffi.Type.SINT;
import static com.kenai.jffi.Type.SLONG;
import static dev.jinit.core.internal.NativeFunction.address;

import java.lang.ref.Reference;

/**
 * The socket calls of {@link JnrUnixDatagramServer} and {@link UnixDatagramSender}, bound through jffi on first use of
 * either. The JDK has no AF_UNIX datagram sockets; jnr-unixsocket's {@code UnixDatagramChannel} is not used: its
 * {@code receive} allocates an address per datagram, cannot pass {@code MSG_TRUNC} or {@code MSG_DONTWAIT}, reports
 * {@code EAGAIN} as a bare {@code IOException}, and it has no {@code shutdown}. Internal.
 */
public final class SocketLibC {
    private final NativeFunction socket = NativeFunction.libc("socket", SINT, SINT, SINT, SINT);
    private final NativeFunction bind = NativeFunction.libc("bind", SINT, SINT, POINTER, SINT);
    private final NativeFunction connect = NativeFunction.libc("connect", SINT, SINT, POINTER, SINT);
    private final NativeFunction recv = NativeFunction.libc("recv", SLONG, SINT, POINTER, SLONG, SINT);
    private final NativeFunction sendto =
            NativeFunction.libc("sendto", SLONG, SINT, POINTER, SLONG, SINT, POINTER, SINT);
    private final NativeFunction recvmmsg = NativeFunction.libc("recvmmsg", SINT, SINT, POINTER, SINT, SINT, POINTER);
    private final NativeFunction shutdown = NativeFunction.libc("shutdown", SINT, SINT, SINT);
    private final NativeFunction close = NativeFunction.libc("close", SINT, SINT);
    private final NativeFunction strerror = NativeFunction.libc("strerror", POINTER, SINT);

    /** Bound on the first use of a socket: an init without syslog never binds these. */
    private static final class Holder {
        static final SocketLibC SHARED = load();

        private static SocketLibC load() {
            try {
                return new SocketLibC();
            } catch (LinkageError | RuntimeException e) {
                throw new IllegalStateException("jinit could not bind libc's socket calls through jffi on "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e, e);
            }
        }
    }

    private SocketLibC() {
    }

    /**
     * The binding, made on first use (it holds no mutable state).
     *
     * @throws IllegalStateException naming what could not be bound
     */
    public static SocketLibC shared() {
        return Holder.SHARED;
    }

    public int socket(int domain, int type, int protocol) {
        return (int) socket.call(domain, type, protocol);
    }

    /** {@code addr}: a struct sockaddr of {@code addrlen} bytes. */
    public int bind(int fd, NativeMemory addr, int addrlen) {
        return withAddress(bind, fd, addr, addrlen);
    }

    public int connect(int fd, NativeMemory addr, int addrlen) {
        return withAddress(connect, fd, addr, addrlen);
    }

    private static int withAddress(NativeFunction f, int fd, NativeMemory addr, int addrlen) {
        addr.requireRoom(addrlen, "addrlen");
        try {
            return (int) f.call(fd, addr.address(), addrlen);
        } finally {
            Reference.reachabilityFence(addr);
        }
    }

    public long recv(int fd, NativeMemory buf, long len, int flags) {
        buf.requireRoom(len, "len");
        try {
            return recv.call(fd, buf.address(), len, flags);
        } finally {
            Reference.reachabilityFence(buf);
        }
    }

    public long sendto(int fd, NativeMemory buf, long len, int flags, NativeMemory addr, int addrlen) {
        buf.requireRoom(len, "len");
        addr.requireRoom(addrlen, "addrlen");
        try {
            return sendto.call(fd, buf.address(), len, flags, addr.address(), addrlen);
        } finally {
            Reference.reachabilityFence(buf);
            Reference.reachabilityFence(addr);
        }
    }

    /** {@code msgvec}: {@code vlen} struct mmsghdr and what they point to, all inside it; {@code timeout} may be null. */
    public int recvmmsg(int fd, NativeMemory msgvec, int vlen, int flags, NativeMemory timeout) {
        try {
            return (int) recvmmsg.call(fd, msgvec.address(), vlen, flags, address(timeout));
        } finally {
            Reference.reachabilityFence(msgvec);
            Reference.reachabilityFence(timeout);
        }
    }

    public int shutdown(int fd, int how) {
        return (int) shutdown.call(fd, how);
    }

    public int close(int fd) {
        return (int) close.call(fd);
    }

    public String strerror(int errno) {
        return NativeMemory.string(strerror.call(errno));
    }
}

package dev.jinit.core.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * The socket calls of {@link JnrUnixDatagramServer}. jnr-unixsocket's {@code UnixDatagramChannel} is not used: its
 * {@code receive} allocates an address per datagram, cannot pass {@code MSG_TRUNC} or {@code MSG_DONTWAIT}, reports
 * {@code EAGAIN} as a bare {@code IOException}, and it has no {@code shutdown}; its datagram {@code connect} does not
 * call {@code connect(2)}, which {@code probe} needs. This is an internal interface: public only because JNR-FFI generates its implementation.
 */
public interface SocketLibC {
    @SaveError int socket(int domain, int type, int protocol);

    @SaveError int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError int connect(int fd, @In byte[] addr, int addrlen);

    @SaveError long recv(int fd, Pointer buf, long len, int flags);

    @SaveError int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout);

    @SaveError int shutdown(int fd, int how);

    @SaveError int close(int fd);

    String strerror(int errno);
}

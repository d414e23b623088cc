package dev.jinit.core.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The descriptor calls of {@link JnrDescriptors}. This is an internal interface: public only because JNR-FFI generates
 * its implementation.
 */
public interface FdLibC {
    @SaveError int open(@In String path, int flags, int mode);

    @SaveError int close(int fd);

    @SaveError long read(int fd, @Out byte[] buf, long count);

    @SaveError long write(int fd, @In byte[] buf, long count);

    @SaveError int mkfifo(@In String path, int mode);

    @SaveError int flock(int fd, int operation);

    @SaveError int pipe2(@Out int[] fds, int flags);

    @SaveError int poll(Pointer fds, long nfds, int timeout);

    String strerror(int errno);
}

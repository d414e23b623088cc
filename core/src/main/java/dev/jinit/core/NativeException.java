package dev.jinit.core;

/**
 * A libc call failed. Names the call, its arguments where they help, the errno and its text.
 *
 * <p>This is the one exception type for failed native calls in jinit.
 */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeException(String call, int errno, String errnoText) {
        super(call + " failed: errno " + errno + " (" + Errno.name(errno) + ": " + errnoText + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call and its arguments, for example {@code "kill(1234, TERM)"}. */
    public String call() {
        return call;
    }

    /** The errno the call left, see {@link Errno}. */
    public int errno() {
        return errno;
    }
}

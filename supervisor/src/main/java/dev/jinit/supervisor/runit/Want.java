package dev.jinit.supervisor.runit;

/**
 * What the supervisor wants of a service (runsv's {@code W_UP}, {@code W_DOWN}, {@code W_EXIT}).
 *
 * <p>{@code supervise/status} has room for {@code 'u'} and {@code 'd'} only, so {@link #EXIT} is written as
 * {@code 'd'} there; only {@code stat} tells it apart ({@code ", want exit"}).
 */
public enum Want {
    /** Keep it running: restart it when it stops. */
    UP('u'),
    /** Keep it down: do not restart it when it stops. */
    DOWN('d'),
    /** Stop it, then stop supervising it ({@code sv exit}). */
    EXIT('d');

    private final char statusByte;

    Want(char statusByte) {
        this.statusByte = statusByte;
    }

    /** Byte 17 of {@code supervise/status}: {@code 'u'} for {@link #UP}, {@code 'd'} otherwise. */
    public char statusByte() {
        return statusByte;
    }
}

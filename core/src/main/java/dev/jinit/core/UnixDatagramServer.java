package dev.jinit.core;

import dev.jinit.core.internal.JnrUnixDatagramServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A unix datagram socket bound at a path, read by one thread: what a syslog daemon listens on ({@code /dev/log}).
 *
 * <p>Lifecycle: {@link #open} binds (replacing a stale socket file), {@link #receive} is called in a loop by one
 * thread, {@link #shutdownInput()} from any thread makes that loop end after the datagrams already queued in the
 * kernel, and {@link #close()} releases the socket and removes its file. {@code receive} is for one thread at a
 * time; {@code shutdownInput} and {@code close} are thread-safe and idempotent.
 */
public interface UnixDatagramServer extends AutoCloseable {

    /** What {@link #receive} returns when the input has been shut down and no datagram is left. */
    int END = -1;

    /** The path the socket is bound at. */
    Path path();

    /**
     * Waits for the next datagram and copies it into {@code into} from its position, at most
     * {@code into.remaining()} bytes; the position is advanced by the bytes copied. After {@link #shutdownInput()}
     * it no longer waits: it returns the datagrams still queued, then {@link #END}.
     *
     * @return the datagram's full length, which is more than was copied when it did not fit (the rest is lost, as
     *         with {@code MSG_TRUNC}); 0 for an empty datagram; or {@link #END}
     * @throws NativeException when the socket fails (closed under the reader: {@code EBADF})
     */
    int receive(ByteBuffer into);

    /**
     * Receives up to {@code into.length} datagrams at once: waits for the first like {@link #receive(ByteBuffer)},
     * then takes the ones already queued without waiting ({@code recvmmsg(2)} with {@code MSG_WAITFORONE}: one
     * system call instead of one per datagram, and the kernel's short queue emptied at once, so a sender blocked on
     * it is woken once per batch). Datagram {@code i} is copied into {@code into[i]} from its position (advanced by
     * the bytes copied) and its full length stored in {@code lengths[i]}.
     *
     * @param into    at least one buffer; all with the same room
     * @param lengths as long as {@code into}
     * @return how many datagrams were received (at least 1), or {@link #END}
     * @throws NativeException when the socket fails
     */
    default int receive(ByteBuffer[] into, int[] lengths) {
        int n = receive(into[0]);
        if (n == END) {
            return END;
        }
        lengths[0] = n;
        return 1;
    }

    /**
     * Shuts the socket down for reading ({@code shutdown(2)}, {@code SHUT_RD}): a {@code receive} blocked now wakes
     * up, senders get {@code EPIPE} from now on, and what the kernel already holds can still be read. Idempotent.
     */
    void shutdownInput();

    /**
     * Closes the socket and removes its file if it is still the one this bound (not one another process has bound
     * since). Idempotent; does not throw.
     */
    @Override
    void close();

    /**
     * Binds a unix datagram socket at {@code path} with permissions {@code mode} (for example {@code 0666}: any user
     * may log). A stale socket file there (one nobody is bound to) is replaced.
     *
     * @param path where to bind; its directory must exist
     * @param mode permission bits, 0–0777
     * @throws IllegalStateException when {@code path} is something other than a stale socket or nothing: a live
     *                               socket (another daemon), a file, a directory
     * @throws NativeException       when a socket call fails
     * @throws java.io.UncheckedIOException when the socket file cannot be replaced or its mode set
     */
    static UnixDatagramServer open(Path path, int mode) {
        return JnrUnixDatagramServer.open(path, mode);
    }

    /** What is at a path where a unix socket is to be bound, see {@link #probe}. */
    enum PathState {
        /** Nothing: free to bind. */
        ABSENT,
        /** A socket file nobody is bound to (its daemon died): replaced by {@link #open}. */
        STALE_SOCKET,
        /** A socket something is bound to: another daemon owns the path. */
        LIVE_SOCKET,
        /** Not a socket (a file, a directory, a symbolic link): never replaced. */
        OTHER
    }

    /**
     * What is at {@code path}: whether {@link #open} would bind there. A socket is live when a datagram
     * {@code connect(2)} to it succeeds; nothing is sent.
     */
    static PathState probe(Path path) {
        return JnrUnixDatagramServer.probe(path);
    }
}

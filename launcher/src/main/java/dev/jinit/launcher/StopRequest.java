package dev.jinit.launcher;

import dev.jinit.core.Signal;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one record of "my_init was asked to stop" (TERM or INT, or the JVM exiting before our handler was installed),
 * shared by the start guard, the stop listener, the start-up scripts and the main command. The first request wins.
 * Thread-safe.
 */
final class StopRequest {
    private final CompletableFuture<Signal> requested = new CompletableFuture<>();

    /** Records the stop; returns true for the first request. */
    boolean request(Signal s) {
        return requested.complete(s);
    }

    boolean isRequested() {
        return requested.isDone();
    }

    /** The signal that asked to stop, if any. */
    Optional<Signal> signal() {
        return Optional.ofNullable(requested.getNow(null));
    }

    /** Completes with the signal of the first request. */
    CompletableFuture<Signal> future() {
        return requested;
    }
}

package dev.jinit.supervisor;

import dev.jinit.core.ExitStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * What happened to a supervised service, as told to subscribers. Values; the supervisor adds the service's name.
 */
public sealed interface ServiceEvent {

    /** {@code ./run} started as {@code pid}. */
    record Started(long pid) implements ServiceEvent {
    }

    /**
     * The instance started as {@code pid} is ready, as its {@link Readiness} tells (at once for
     * {@link Readiness.Immediate}); services that depend on it start after the first one.
     */
    record Ready(long pid) implements ServiceEvent {
    }

    /** {@code ./run} could not be started (runsv counts this as an exit with code 111). */
    record StartFailed(String reason) implements ServiceEvent {
    }

    /** {@code ./run} ended. */
    record Exited(ExitStatus status) implements ServiceEvent {
    }

    /** It stopped on its own and will be started again at {@code at}. */
    record Restarting(Instant at) implements ServiceEvent {
    }

    /** It failed {@code failures} times within {@code window} and will not be restarted. */
    record FailedPermanently(int failures, Duration window) implements ServiceEvent {
    }
}

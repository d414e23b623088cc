package dev.jinit.spi;

import java.time.Duration;

/**
 * A part of an init that {@link dev.jinit.Init} starts and stops: the reaper, the supervisor, syslog, cron.
 *
 * <p>{@code start} is called in start order, {@code stop} in reverse, each at most once. {@code stop} must return
 * within its timeout (give up, log, and return).
 */
public interface Component {
    /** A short name for logs and status, like {@code "reaper"}. */
    String name();

    void start(Context context) throws Exception;

    void stop(Duration timeout) throws Exception;

    /**
     * This component's state for {@code jinit status}; called from any thread while it runs, so it must not block for
     * long. The default reports healthy with nothing to list.
     */
    default ComponentStatus status() {
        return ComponentStatus.healthy(name(), java.util.List.of());
    }
}

package dev.jinit.supervisor.internal;

import java.time.Instant;
import java.util.List;

/**
 * What the restart policy remembers of past runs: the current streak of failures (for backoff) and the times of the
 * latest failures (for the failure limit; never more than the limit's count). Immutable. This is an internal class.
 *
 * @param consecutiveFailures failures since the last run that lasted long enough to reset the streak
 * @param recentFailures      times of the latest failures, oldest first
 */
public record RestartHistory(int consecutiveFailures, List<Instant> recentFailures) {
    /** No failures yet. */
    public static final RestartHistory EMPTY = new RestartHistory(0, List.of());

    public RestartHistory {
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must be >= 0, but was " + consecutiveFailures);
        }
        recentFailures = List.copyOf(recentFailures);
    }
}

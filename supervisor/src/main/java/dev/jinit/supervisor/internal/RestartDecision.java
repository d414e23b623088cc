package dev.jinit.supervisor.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@link Restarts#decide} concluded when a service went down. Immutable. This is an internal class.
 *
 * @param history           the history to keep for the next decision
 * @param floor             runit's earliest next start, for any start (also one asked for with {@code u} or
 *                          {@code o}): 1 s after going down when the run lasted under 1 s, else at once
 * @param restartAt         when an automatic restart may happen: the floor, or later by the backoff
 * @param backoff           the backoff delay counted from going down (zero without backoff or failure)
 * @param failedPermanently the failure limit was reached: do not restart
 */
public record RestartDecision(RestartHistory history, Instant floor, Instant restartAt, Duration backoff,
                              boolean failedPermanently) {
}

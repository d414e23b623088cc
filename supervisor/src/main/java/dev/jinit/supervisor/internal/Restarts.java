package dev.jinit.supervisor.internal;

import dev.jinit.supervisor.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The restart policy as a pure function: given how the last run went, when may the service start again? Time comes
 * in as arguments (the caller reads its injected clock); nothing here sleeps. Stateless and thread-safe. This is an
 * internal class.
 */
public final class Restarts {
    private Restarts() {
    }

    /**
     * Decides at {@code now}, when a service went down, after a run that started at {@code runStarted}.
     *
     * <p>runsv's rule first: if the run lasted less than {@link RestartPolicy#MIN_RUN} (a clock that went backwards
     * counts as less), nothing starts before {@code now + 1 s}; otherwise a restart may happen at once. So two starts
     * are always at least 1 s apart. A backoff can only add to that; a failure limit can only stop it.
     *
     * @param failed whether the run ended on its own while wanted up (see {@link RestartPolicy})
     */
    public static RestartDecision decide(RestartPolicy policy, RestartHistory history, Instant runStarted,
                                         Instant now, boolean failed) {
        Duration lasted = Duration.between(runStarted, now);
        Instant floor = lasted.compareTo(RestartPolicy.MIN_RUN) < 0 ? now.plus(RestartPolicy.MIN_RUN) : now;

        RestartPolicy.Backoff backoff = policy.backoff();
        boolean streakEnds = !lasted.isNegative() && lasted.compareTo(backoff.resetAfter()) >= 0;
        int consecutive = streakEnds ? 0 : history.consecutiveFailures();
        if (failed && consecutive < Integer.MAX_VALUE) {
            consecutive++;
        }

        List<Instant> recent = new ArrayList<>();
        boolean limitReached = false;
        if (policy.failureLimit().isPresent()) {
            RestartPolicy.FailureLimit limit = policy.failureLimit().get();
            Instant windowStart = now.minus(limit.window());
            for (Instant t : history.recentFailures()) {
                if (t.isAfter(windowStart)) {
                    recent.add(t);
                }
            }
            if (failed) {
                recent.add(now);
            }
            // Only the latest `failures` matter; older ones can never count again.
            while (recent.size() > limit.failures()) {
                recent.remove(0);
            }
            limitReached = failed && recent.size() >= limit.failures();
        }

        Duration delay = failed ? backoff.delay(consecutive) : Duration.ZERO;
        Instant backedOff = now.plus(delay);
        Instant restartAt = backedOff.isAfter(floor) ? backedOff : floor;
        return new RestartDecision(new RestartHistory(consecutive, recent), floor, restartAt, delay, limitReached);
    }
}

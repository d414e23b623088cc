package dev.jinit.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a service that stopped on its own is started again.
 *
 * <p>runit's rule always applies and cannot be turned off: a service whose last run lasted less than
 * {@link #MIN_RUN} is restarted {@link #MIN_RUN} after it went down (runsv's {@code sleep(1)}), any other at once. So
 * a crash-looping service never starts more than once per second. On top of it:
 *
 * <ul>
 *   <li>{@link #backoff()}: an optional exponential delay after consecutive failures, up to a cap;</li>
 *   <li>{@link #failureLimit()}: an optional "N failures within a window", after which the service fails permanently
 *       and is no longer restarted (an essential service then ends the init).</li>
 * </ul>
 *
 * A <em>failure</em> is an exit of {@code ./run} nobody asked for: while the service is wanted up and no stop signal
 * was sent. Immutable and thread-safe.
 *
 * @param backoff      the extra delay after failures; {@link Backoff.None} (runit's behaviour) by default
 * @param failureLimit when to give up; empty (restart forever, as runit) by default
 */
public record RestartPolicy(Backoff backoff, Optional<FailureLimit> failureLimit) {

    /** runsv's threshold and delay: a run shorter than this is followed by this much of a pause. */
    public static final Duration MIN_RUN = Duration.ofSeconds(1);
    /** The longest delay or window accepted: beyond a day, a service is stopped, not backing off. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    public RestartPolicy {
        Objects.requireNonNull(backoff, "restartPolicy.backoff");
        Objects.requireNonNull(failureLimit, "restartPolicy.failureLimit");
    }

    /** runit's policy: the 1-second floor only, no backoff, never give up. */
    public static RestartPolicy runit() {
        return new RestartPolicy(new Backoff.None(), Optional.empty());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This policy with {@code limit} as its failure limit. */
    public RestartPolicy withFailureLimit(FailureLimit limit) {
        return new RestartPolicy(backoff, Optional.of(limit));
    }

    /** The delay added after consecutive failures. */
    public sealed interface Backoff permits Backoff.None, Backoff.Exponential {
        /**
         * The delay before the restart that follows the {@code consecutiveFailures}-th failure in a row; zero for 0.
         * Never more than the cap.
         */
        Duration delay(int consecutiveFailures);

        /** How long a run must last for the failures before it to be forgotten. */
        Duration resetAfter();

        /** No delay beyond runit's floor. */
        record None() implements Backoff {
            @Override
            public Duration delay(int consecutiveFailures) {
                return Duration.ZERO;
            }

            @Override
            public Duration resetAfter() {
                return Duration.ZERO;
            }
        }

        /**
         * {@code initial × multiplier^(n−1)} after the n-th consecutive failure, never more than {@code max}. A run
         * that lasts {@code resetAfter} or longer starts the count again.
         *
         * @param initial    greater than 0
         * @param max        at least {@code initial}, at most {@link #MAX_DURATION}
         * @param multiplier 1 or more (1 gives a constant delay), finite
         * @param resetAfter greater than 0, at most {@link #MAX_DURATION}
         */
        record Exponential(Duration initial, Duration max, double multiplier, Duration resetAfter) implements Backoff {
            public Exponential {
                positive("backoff.initial", initial);
                positive("backoff.max", max);
                atMostADay("backoff.max", max);
                if (max.compareTo(initial) < 0) {
                    throw new IllegalArgumentException("backoff.max must be at least backoff.initial (" + initial
                            + "), but was " + max);
                }
                if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                    throw new IllegalArgumentException("backoff.multiplier must be a finite number >= 1, but was "
                            + multiplier);
                }
                positive("backoff.resetAfter", resetAfter);
                atMostADay("backoff.resetAfter", resetAfter);
            }

            @Override
            public Duration delay(int consecutiveFailures) {
                if (consecutiveFailures <= 0) {
                    return Duration.ZERO;
                }
                // In doubles, so a large count saturates at the cap instead of overflowing.
                double nanos = initial.toNanos() * Math.pow(multiplier, consecutiveFailures - 1.0);
                long cap = max.toNanos();
                return nanos >= cap ? max : Duration.ofNanos((long) nanos);
            }
        }

        /** Doubling from {@code initial} up to {@code max}; a run of {@code max} or longer resets it. */
        static Backoff exponential(Duration initial, Duration max) {
            return new Exponential(initial, max, 2.0, max);
        }
    }

    /**
     * "Failed permanently" after {@code failures} failures within {@code window}.
     *
     * @param failures 1 or more
     * @param window   greater than 0, at most {@link #MAX_DURATION}
     */
    public record FailureLimit(int failures, Duration window) {
        /**
         * 5 failures within 1 minute: the limit of a service directory made essential by its {@code essential} file
         * (a crash loop, at runit's one start per second, fails permanently after about 4 s).
         */
        public static final FailureLimit DEFAULT = new FailureLimit(5, Duration.ofMinutes(1));

        public FailureLimit {
            if (failures < 1) {
                throw new IllegalArgumentException("failureLimit.failures must be at least 1, but was " + failures);
            }
            positive("failureLimit.window", window);
            atMostADay("failureLimit.window", window);
        }
    }

    /** Builds a {@link RestartPolicy}; starts from {@link #runit()}. */
    public static final class Builder {
        private Backoff backoff = new Backoff.None();
        private FailureLimit failureLimit;

        private Builder() {
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Exponential backoff doubling from {@code initial} up to {@code max}. */
        public Builder exponentialBackoff(Duration initial, Duration max) {
            return backoff(Backoff.exponential(initial, max));
        }

        public Builder failureLimit(int failures, Duration window) {
            this.failureLimit = new FailureLimit(failures, window);
            return this;
        }

        public RestartPolicy build() {
            return new RestartPolicy(backoff, Optional.ofNullable(failureLimit));
        }
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be greater than 0, but was " + d);
        }
    }

    private static void atMostADay(String field, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_DURATION + ", but was " + d);
        }
    }
}

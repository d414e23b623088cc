package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.supervisor.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Laws of the restart policy. */
class RestartsPropertiesTest {
    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    @Provide
    Arbitrary<RestartPolicy.Backoff.Exponential> backoffs() {
        Arbitrary<Long> millis = Arbitraries.longs().between(1, RestartPolicy.MAX_DURATION.toMillis());
        return Combinators.combine(millis, millis, Arbitraries.doubles().between(1.0, 1000.0), millis)
                .as((a, b, m, r) -> new RestartPolicy.Backoff.Exponential(Duration.ofMillis(Math.min(a, b)),
                        Duration.ofMillis(Math.max(a, b)), m, Duration.ofMillis(r)));
    }

    @Property
    void backoffNeverExceedsItsCap(@ForAll("backoffs") RestartPolicy.Backoff.Exponential b,
                                   @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int failures) {
        Duration d = b.delay(failures);
        assertFalse(d.compareTo(b.max()) > 0, () -> d + " > cap " + b.max());
        assertFalse(d.isNegative());
        if (failures > 0) {
            assertFalse(d.compareTo(b.initial()) < 0, () -> d + " < initial " + b.initial());
        }
    }

    @Property
    void backoffNeverShrinksAsFailuresGoOn(@ForAll("backoffs") RestartPolicy.Backoff.Exponential b,
                                           @ForAll @IntRange(min = 0, max = 10_000) int failures) {
        assertFalse(b.delay(failures).compareTo(b.delay(failures + 1)) > 0);
    }

    @Property
    void noRestartIsEverDueWithinOneSecondOfTheLastStartNorLaterThanTheCap(
            @ForAll("backoffs") RestartPolicy.Backoff.Exponential b,
            @ForAll @LongRange(min = 0, max = 10_000_000) long runMicros,
            @ForAll @IntRange(min = 0, max = 100) int streak,
            @ForAll boolean failed) {
        RestartPolicy p = new RestartPolicy(b, java.util.Optional.empty());
        Instant down = T0.plusNanos(runMicros * 1000);
        RestartDecision d = Restarts.decide(p, new RestartHistory(streak, List.of()), T0, down, failed);
        assertFalse(d.restartAt().isBefore(T0.plus(RestartPolicy.MIN_RUN)), "1 s between starts");
        assertFalse(d.restartAt().isBefore(down));
        Duration wait = Duration.between(down, d.restartAt());
        Duration bound = b.max().compareTo(RestartPolicy.MIN_RUN) > 0 ? b.max() : RestartPolicy.MIN_RUN;
        assertFalse(wait.compareTo(bound) > 0, () -> wait + " > " + bound);
    }

    @Property
    void failsPermanentlyOnlyOnAFailure(@ForAll @IntRange(min = 1, max = 5) int limit,
                                        @ForAll @IntRange(min = 0, max = 20) int earlier) {
        RestartPolicy p = RestartPolicy.builder().failureLimit(limit, Duration.ofHours(1)).build();
        RestartHistory h = RestartHistory.EMPTY;
        for (int i = 0; i < earlier; i++) {
            h = Restarts.decide(p, h, T0.plusSeconds(i), T0.plusSeconds(i).plusMillis(10), true).history();
        }
        Instant now = T0.plusSeconds(earlier + 1);
        assertFalse(Restarts.decide(p, h, now.minusSeconds(1), now, false).failedPermanently());
        assertTrue(Restarts.decide(p, h, now.minusSeconds(1), now, true).failedPermanently() == (earlier + 1 >= limit));
    }
}

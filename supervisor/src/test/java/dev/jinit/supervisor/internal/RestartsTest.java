package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.supervisor.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restart policy as a pure function of the last run and the time. */
class RestartsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    private static Instant t(double seconds) {
        return T0.plusNanos((long) (seconds * 1e9));
    }

    @Test
    void runitWaitsOneSecondAfterARunShorterThanOneSecond() {
        RestartDecision d = Restarts.decide(RestartPolicy.runit(), RestartHistory.EMPTY, t(0), t(0.3), true);
        assertEquals(t(1.3), d.floor());
        assertEquals(t(1.3), d.restartAt());
        assertFalse(d.failedPermanently());
    }

    @Test
    void runitRestartsAtOnceAfterARunOfOneSecondOrMore() {
        assertEquals(t(1), Restarts.decide(RestartPolicy.runit(), RestartHistory.EMPTY, t(0), t(1), true).restartAt());
        assertEquals(t(90), Restarts.decide(RestartPolicy.runit(), RestartHistory.EMPTY, t(0), t(90), true).restartAt());
    }

    @Test
    void aClockThatWentBackwardsCountsAsAShortRun() {
        assertEquals(t(6), Restarts.decide(RestartPolicy.runit(), RestartHistory.EMPTY, t(10), t(5), true).restartAt());
    }

    @Test
    void runitNeverGivesUp() {
        RestartHistory h = RestartHistory.EMPTY;
        for (int i = 0; i < 1000; i++) {
            RestartDecision d = Restarts.decide(RestartPolicy.runit(), h, t(i), t(i + 0.1), true);
            assertFalse(d.failedPermanently());
            assertEquals(List.of(), d.history().recentFailures(), "nothing to remember without a limit");
            h = d.history();
        }
    }

    @Test
    void exponentialBackoffDoublesAfterEachConsecutiveFailureUpToItsCap() {
        RestartPolicy p = RestartPolicy.builder().exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
                .build();
        RestartHistory h = RestartHistory.EMPTY;
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RestartDecision d = Restarts.decide(p, h, t(100 * i), t(100 * i + 2), true);
            delays.add(d.backoff());
            assertEquals(t(100 * i + 2).plus(d.backoff()), d.restartAt());
            h = d.history();
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(8)), delays);
    }

    @Test
    void theOneSecondFloorStillAppliesUnderAShorterBackoff() {
        RestartPolicy p = RestartPolicy.builder().exponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(200))
                .build();
        RestartDecision d = Restarts.decide(p, RestartHistory.EMPTY, t(0), t(0.1), true);
        assertEquals(t(1.1), d.restartAt());
    }

    @Test
    void aRunThatLastsTheResetTimeForgetsTheStreak() {
        RestartPolicy p = RestartPolicy.builder().exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
                .build();
        RestartHistory h = new RestartHistory(3, List.of());
        RestartDecision d = Restarts.decide(p, h, t(0), t(8), true);
        assertEquals(1, d.history().consecutiveFailures());
        assertEquals(Duration.ofSeconds(1), d.backoff());
    }

    @Test
    void anExitThatWasAskedForIsNoFailureAndGetsNoBackoff() {
        RestartPolicy p = RestartPolicy.builder().exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
                .failureLimit(1, Duration.ofMinutes(1)).build();
        RestartDecision d = Restarts.decide(p, new RestartHistory(2, List.of()), t(0), t(2), false);
        assertEquals(Duration.ZERO, d.backoff());
        assertEquals(t(2), d.restartAt());
        assertEquals(2, d.history().consecutiveFailures());
        assertFalse(d.failedPermanently());
    }

    @Test
    void failsPermanentlyAtTheNthFailureWithinTheWindow() {
        RestartPolicy p = RestartPolicy.builder().failureLimit(3, Duration.ofSeconds(60)).build();
        RestartHistory h = RestartHistory.EMPTY;
        RestartDecision d1 = Restarts.decide(p, h, t(0), t(10), true);
        RestartDecision d2 = Restarts.decide(p, d1.history(), t(10), t(30), true);
        RestartDecision d3 = Restarts.decide(p, d2.history(), t(30), t(69), true);
        assertFalse(d1.failedPermanently());
        assertFalse(d2.failedPermanently());
        assertTrue(d3.failedPermanently());
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        RestartPolicy p = RestartPolicy.builder().failureLimit(3, Duration.ofSeconds(60)).build();
        RestartDecision d1 = Restarts.decide(p, RestartHistory.EMPTY, t(0), t(10), true);
        RestartDecision d2 = Restarts.decide(p, d1.history(), t(10), t(30), true);
        RestartDecision d3 = Restarts.decide(p, d2.history(), t(30), t(70), true); // t(10) is 60 s old: out
        assertFalse(d3.failedPermanently());
        assertEquals(List.of(t(30), t(70)), d3.history().recentFailures());
    }

    @Test
    void remembersNoMoreFailuresThanTheLimitCounts() {
        RestartPolicy p = RestartPolicy.builder().failureLimit(2, Duration.ofDays(1)).build();
        RestartHistory h = RestartHistory.EMPTY;
        for (int i = 0; i < 50; i++) {
            h = Restarts.decide(p, h, t(i), t(i + 0.5), true).history();
        }
        assertEquals(2, h.recentFailures().size());
    }
}

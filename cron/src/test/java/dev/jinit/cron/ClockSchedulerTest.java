package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The real scheduler on a fake clock: it returns once the clock has reached the deadline, or when woken. */
class ClockSchedulerTest {
    private final DaemonRig.FakeClock clock = new DaemonRig.FakeClock(Instant.parse("2024-05-01T10:00:30Z"));
    private final ClockScheduler scheduler = new ClockScheduler(clock);

    @Test
    void aDeadlineTheClockHasReachedReturnsAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            scheduler.sleepUntil(Instant.parse("2024-05-01T10:00:30Z"));
            scheduler.sleepUntil(Instant.parse("2024-05-01T09:00:00Z"));
        });
    }

    @Test
    void aWakeBeforeTheSleepIsNotLost() {
        scheduler.wake();
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> scheduler.sleepUntil(Instant.parse("2024-05-01T11:00:00Z")));
    }

    @Test
    void aWakeFromAnotherThreadEndsAFarSleep() throws Exception {
        Thread sleeper = new Thread(() -> {
            try {
                scheduler.sleepUntil(Instant.parse("2024-05-01T11:00:00Z"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-sleeper");
        sleeper.start();
        scheduler.wake();
        sleeper.join(10_000);
        assertFalse(sleeper.isAlive(), "still asleep 10 s after wake()");
    }
}

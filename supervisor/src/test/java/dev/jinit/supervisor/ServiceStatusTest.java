package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinit.supervisor.runit.RunState;
import dev.jinit.supervisor.runit.Want;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status line of {@code jinit status}, one per service. */
class ServiceStatusTest {
    private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = SINCE.plusSeconds(42).plusMillis(900);

    private static ServiceStatus st(RunState s, long pid, Want want, boolean paused, int restarts, boolean ready,
                                    boolean normallyUp, boolean essential, boolean failed) {
        return new ServiceStatus("web", s, pid, SINCE, want, paused, restarts, ready, normallyUp, essential, failed);
    }

    @Test
    void runningReadyWithRestarts() {
        assertEquals("web: run (pid 123) 42s, restarts 3, ready",
                st(RunState.RUN, 123, Want.UP, false, 3, true, true, false, false).line(NOW));
    }

    @Test
    void downNormallyUpEssential() {
        assertEquals("web: down 42s, normally up, essential",
                st(RunState.DOWN, 0, Want.DOWN, false, 0, false, true, true, false).line(NOW));
    }

    @Test
    void theRestOfTheFlags() {
        assertEquals("web: run (pid 7) 42s, restarts 0, not ready, normally down, paused, want down",
                st(RunState.RUN, 7, Want.DOWN, true, 0, false, false, false, false).line(NOW));
        assertEquals("web: down 42s, normally up, want up, failed permanently, essential",
                st(RunState.DOWN, 0, Want.UP, false, 4, false, true, true, true).line(NOW));
        assertEquals("web: finish (pid 8) 42s, restarts 1",
                st(RunState.FINISH, 8, Want.UP, false, 1, false, true, false, false).line(NOW));
    }

    @Test
    void uptimeIsNeverNegative() {
        ServiceStatus s = st(RunState.RUN, 1, Want.UP, false, 0, true, true, false, false);
        assertEquals(Duration.ZERO, s.uptime(SINCE.minusSeconds(5)));
        assertEquals(Duration.ofMillis(42_900), s.uptime(NOW));
    }
}

package dev.jinit.cron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.cron.internal.MinuteLoop.Check;
import dev.jinit.cron.internal.MinuteLoop.Step;
import dev.jinit.cron.internal.MinuteLoop.Wakeup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vixie's wake-up cases, one by one, with cron.c's boundaries (1, 2-5, 6-180, -180-0, beyond). */
class MinuteLoopTest {
    private static final long T = 1_000_000;

    @ParameterizedTest(name = "clock moves by {0}: {1}")
    @CsvSource({
            "0, SAME_MINUTE",
            "1, ON_TIME",
            "2, LATE",
            "5, LATE",
            "6, FORWARD_JUMP",
            "60, FORWARD_JUMP",
            "180, FORWARD_JUMP",
            "181, CLOCK_RESET",
            "-1, BACKWARD_JUMP",
            "-60, BACKWARD_JUMP",
            "-180, BACKWARD_JUMP",
            "-181, CLOCK_RESET",
            "-1440, CLOCK_RESET",
            "1440, CLOCK_RESET",
    })
    void classifiesAWakeUpByHowFarTheClockMovedFromTheVirtualMinute(long moved, Wakeup kind) {
        // From a settled loop, clock - virtual is exactly how far the clock moved.
        assertEquals(kind, MinuteLoop.startingAt(T).wake(T + moved).kind());
    }

    @Test
    void onTimeChecksEveryJobOfTheClockMinute() {
        Step s = MinuteLoop.startingAt(T).wake(T + 1);
        assertEquals(List.of(new Check(T + 1, true, true)), s.checks());
        assertEquals(MinuteLoop.startingAt(T + 1), s.next());
    }

    @Test
    void lateChecksEveryJobOfEveryMissedMinuteInOrder() {
        Step s = MinuteLoop.startingAt(T).wake(T + 3);
        assertEquals(List.of(new Check(T + 1, true, true), new Check(T + 2, true, true), new Check(T + 3, true, true)),
                s.checks());
        assertTrue(s.next().settled());
    }

    @Test
    void forwardJumpRunsWildcardJobsOfTheClockMinuteThenFixedTimeJobsOfEverySkippedMinute() {
        Step s = MinuteLoop.startingAt(T).wake(T + 61);
        List<Check> expected = new ArrayList<>();
        expected.add(new Check(T + 61, true, false));
        for (long m = T + 1; m <= T + 61; m++) {
            expected.add(new Check(m, false, true));
        }
        assertEquals(expected, s.checks());
        assertEquals(MinuteLoop.startingAt(T + 61), s.next());
    }

    @Test
    void backwardJumpRunsOnlyWildcardJobsAndHoldsTheVirtualMinuteUntilTheClockPassesIt() {
        MinuteLoop loop = MinuteLoop.startingAt(T);
        Step back = loop.wake(T - 59);  // 01:59 EDT -> 01:00 EST
        assertEquals(Wakeup.BACKWARD_JUMP, back.kind());
        assertEquals(List.of(new Check(T - 59, true, false)), back.checks());
        assertFalse(back.next().settled());
        loop = back.next();
        for (long clock = T - 58; clock <= T; clock++) {
            Step s = loop.wake(clock);
            assertEquals(Wakeup.BACKWARD_JUMP, s.kind(), "clock " + (clock - T));
            assertEquals(List.of(new Check(clock, true, false)), s.checks());
            loop = s.next();
        }
        Step past = loop.wake(T + 1);
        assertEquals(Wakeup.ON_TIME, past.kind());
        assertEquals(List.of(new Check(T + 1, true, true)), past.checks());
        assertTrue(past.next().settled());
    }

    @Test
    void clockResetChecksTheClockMinuteOnlyAndForgetsTheVirtualMinute() {
        Step s = MinuteLoop.startingAt(T).wake(T + 1440);
        assertEquals(List.of(new Check(T + 1440, true, true)), s.checks());
        assertEquals(MinuteLoop.startingAt(T + 1440), s.next());
    }

    @Test
    void aWakeUpInTheSameMinuteDoesNothing() {
        MinuteLoop loop = new MinuteLoop(T + 30, T);
        Step s = loop.wake(T);
        assertEquals(List.of(), s.checks());
        assertEquals(loop, s.next());
    }

    @Test
    void aCheckSelectsAJobByItsKindAndItsMatch() {
        var fixed = dev.jinit.cron.CronExpression.parse("30 2 * * *");
        var wild = dev.jinit.cron.CronExpression.parse("* 2 * * *");
        long twoThirty = CalendarWalk.toMinute(java.time.LocalDateTime.parse("2024-03-10T02:30"));
        assertTrue(new Check(twoThirty, false, true).selects(fixed));
        assertFalse(new Check(twoThirty, true, false).selects(fixed));
        assertTrue(new Check(twoThirty, true, false).selects(wild));
        assertFalse(new Check(twoThirty, false, true).selects(wild));
        assertFalse(new Check(twoThirty + 1, true, true).selects(fixed));
    }
}

package dev.jinit.cron.internal;

import dev.jinit.cron.CronExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * Vixie cron's main loop as a pure function: given the wall-clock minute the daemon wakes up in, which minutes'
 * jobs run, wildcard or fixed-time. A faithful model of {@code cron.c} (Debian's patch Better-timeskip-handling,
 * i.e. Vixie 4.1, identical in cronie); the daemon and {@link dev.jinit.cron.Schedule} both drive it.
 *
 * <p>Minutes are wall-clock minute numbers ({@link CalendarWalk}). {@code virtualMinute} is Vixie's
 * {@code virtualTime}, "the time it would be if we woke up promptly and nobody ever changed the clock", and
 * {@code runningMinute} its {@code timeRunning}, the clock minute of the last wake-up. On each wake-up the
 * difference {@code clock - virtualMinute} decides:
 *
 * <table>
 *   <caption>What a wake-up runs</caption>
 *   <tr><th>difference</th><th>case</th><th>checked</th></tr>
 *   <tr><td>1</td><td>on time</td><td>every job of the clock minute</td></tr>
 *   <tr><td>2 to 5</td><td>woke up late</td><td>every job of every minute since, in order</td></tr>
 *   <tr><td>6 to 180</td><td>clock jumped forward (DST starts)</td><td>wildcard jobs of the clock minute, then
 *       fixed-time jobs of every minute skipped and of the clock minute</td></tr>
 *   <tr><td>-180 to 0</td><td>clock went back (DST ends)</td><td>wildcard jobs of the clock minute only; the
 *       virtual minute stays until the clock passes it</td></tr>
 *   <tr><td>other</td><td>clock set</td><td>every job of the clock minute; no catching up</td></tr>
 * </table>
 *
 * <p>Not modelled: Debian sleeps 10 s after each catch-up minute that started jobs and stops catching up when
 * that makes the clock reach the next minute, leaving the rest to the next wake-up; that depends on every job in
 * every crontab, so here catching up takes no time. Immutable. This is an internal class.
 *
 * @param virtualMinute the minute whose jobs have all been checked
 * @param runningMinute the clock minute of the last wake-up
 */
public record MinuteLoop(long virtualMinute, long runningMinute) {
    /** Up to this many minutes late, every missed minute is caught up in full. */
    public static final int LATE_LIMIT = 5;
    /** A clock change of more than this many minutes (3 h) is a reset, not a DST change. */
    public static final int JUMP_LIMIT = 180;

    /** How a wake-up was classified. */
    public enum Wakeup {
        /** The clock is still in the minute of the last wake-up: nothing runs (the daemon sleeps again). */
        SAME_MINUTE,
        /** The next minute. */
        ON_TIME,
        /** 2 to 5 minutes later. */
        LATE,
        /** 6 to 180 minutes later: a forward clock change. */
        FORWARD_JUMP,
        /** At or before the virtual minute, by at most 180 minutes: a backward clock change. */
        BACKWARD_JUMP,
        /** More than 180 minutes either way. */
        CLOCK_RESET
    }

    /**
     * One {@code find_jobs} call: the jobs of {@code minute} of the kinds named run.
     *
     * @param minute    the wall-clock minute the jobs are matched against
     * @param wildcard  wildcard jobs run
     * @param fixedTime fixed-time jobs run
     */
    public record Check(long minute, boolean wildcard, boolean fixedTime) {
        /** Whether this check runs a job with expression {@code e}. */
        public boolean selects(CronExpression e) {
            return (e.isWildcard() ? wildcard : fixedTime) && e.matches(CalendarWalk.toLocal(minute));
        }
    }

    /**
     * The result of one wake-up.
     *
     * @param next   the loop's state afterwards
     * @param kind   the classification
     * @param checks in the order Vixie runs them
     */
    public record Step(MinuteLoop next, Wakeup kind, List<Check> checks) {
        public Step {
            checks = List.copyOf(checks);
        }
    }

    /** The state of a daemon started in {@code clockMinute} (whose jobs it does not run: Vixie's don't either). */
    public static MinuteLoop startingAt(long clockMinute) {
        return new MinuteLoop(clockMinute, clockMinute);
    }

    /** Whether every minute up to the clock's has been checked: the next on-time wake-up is an ordinary one. */
    public boolean settled() {
        return virtualMinute == runningMinute;
    }

    /** A wake-up in wall-clock minute {@code clock}. */
    public Step wake(long clock) {
        if (clock == runningMinute) {
            return new Step(this, Wakeup.SAME_MINUTE, List.of());
        }
        long diff = clock - virtualMinute;
        if (diff == 1) {
            return new Step(startingAt(clock), Wakeup.ON_TIME, List.of(new Check(clock, true, true)));
        }
        if (diff > JUMP_LIMIT || diff < -JUMP_LIMIT) {
            return new Step(startingAt(clock), Wakeup.CLOCK_RESET, List.of(new Check(clock, true, true)));
        }
        if (diff > LATE_LIMIT) {
            List<Check> checks = new ArrayList<>((int) diff + 1);
            checks.add(new Check(clock, true, false));
            for (long v = virtualMinute + 1; v <= clock; v++) {
                checks.add(new Check(v, false, true));
            }
            return new Step(startingAt(clock), Wakeup.FORWARD_JUMP, checks);
        }
        if (diff > 0) {
            List<Check> checks = new ArrayList<>((int) diff);
            for (long v = virtualMinute + 1; v <= clock; v++) {
                checks.add(new Check(v, true, true));
            }
            return new Step(startingAt(clock), Wakeup.LATE, checks);
        }
        // The fixed-time jobs of these minutes "probably have already run, and should not be repeated" (cron.c).
        return new Step(new MinuteLoop(virtualMinute, clock), Wakeup.BACKWARD_JUMP,
                List.of(new Check(clock, true, false)));
    }
}

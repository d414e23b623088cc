package dev.jinit.cron.internal;

import dev.jinit.cron.CronExpression;
import dev.jinit.cron.Fire;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The runs of one expression in one zone, as a continuously running Vixie cron makes them: its {@link MinuteLoop}
 * fed with a wake-up at the start of every wall-clock minute.
 *
 * <p>Feeding every minute would be slow, so the walk skips: while the loop is settled and the offset stays the
 * same, every wake-up is on time and runs exactly the matching minute, so the next run is the next calendar match
 * ({@link CalendarWalk}) before the next offset change. Only from an offset change until the loop has settled again
 * (at most 181 wake-ups) are wake-ups fed one by one.
 *
 * <p>The walk starts at a point where a running daemon is known to be settled: at least 190 minutes after the last
 * offset change before it (a backward change keeps the loop unsettled for at most 180 minutes, and any other
 * settles it at once). Not thread-safe. This is an internal class.
 */
public final class FireWalk implements Iterator<Fire> {
    private static final long SETTLE_SECONDS = (MinuteLoop.JUMP_LIMIT + 10) * 60L;
    private static final long NO_TRANSITION = Long.MAX_VALUE;
    /** Two days inside the range of {@link LocalDateTime}, so offsets and the settling interval never overflow. */
    private static final long FIRST_SECOND = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC) + 2 * 86_400;
    private static final long LAST_SECOND = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC) - 2 * 86_400;

    private final CronExpression expression;
    private final ZoneRules rules;
    private final Instant after;
    private final ArrayDeque<Fire> pending = new ArrayDeque<>();
    private MinuteLoop loop;
    /** The offset at the last wake-up, in seconds. */
    private int offset;
    /** The first offset change after the last wake-up, in epoch seconds, or {@link #NO_TRANSITION}. */
    private long stretchEnd;
    private boolean done;

    /**
     * The runs of {@code expression} in {@code zone} strictly after {@code after}.
     *
     * @throws IllegalArgumentException when {@code after} is within two days of the ends of the time line
     */
    public FireWalk(CronExpression expression, ZoneId zone, Instant after) {
        if (after.getEpochSecond() < FIRST_SECOND || after.getEpochSecond() > LAST_SECOND) {
            throw new IllegalArgumentException("after must be at least two days from Instant.MIN and Instant.MAX, "
                    + "but was " + after);
        }
        this.expression = expression;
        this.rules = zone.getRules();
        this.after = after;
        this.done = !expression.canFire();
        long start = after.getEpochSecond() - SETTLE_SECONDS;
        while (true) {
            ZoneOffsetTransition previous = rules.previousTransition(Instant.ofEpochSecond(start + 1));
            if (previous == null || previous.toEpochSecond() <= start - SETTLE_SECONDS
                    || start - SETTLE_SECONDS < FIRST_SECOND) {
                break;
            }
            start = previous.toEpochSecond() - 1;
        }
        offset = rules.getOffset(Instant.ofEpochSecond(start)).getTotalSeconds();
        long minute = Math.floorDiv(start + offset, 60);
        loop = MinuteLoop.startingAt(minute);
        stretchEnd = nextTransition(minute * 60 - offset);
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public Fire next() {
        fill();
        if (pending.isEmpty()) {
            throw new NoSuchElementException("no more runs of " + expression);
        }
        return pending.poll();
    }

    private void fill() {
        while (pending.isEmpty() && !done) {
            advance();
        }
    }

    private void advance() {
        if (loop.settled()) {
            // The last wake-up before the offset changes: L * 60 - offset < stretchEnd.
            long lastWake = stretchEnd == NO_TRANSITION ? Long.MAX_VALUE : ceilDiv(stretchEnd + offset, 60) - 1;
            // Runs at or before 'after' are not wanted; a settled loop stays settled through on-time wake-ups.
            long skipTo = Math.min(Math.floorDiv(after.getEpochSecond() + offset, 60), lastWake);
            if (skipTo > loop.runningMinute()) {
                loop = MinuteLoop.startingAt(skipTo);
            }
            long found = CalendarWalk.next(expression, loop.runningMinute(), lastWake);
            if (found != CalendarWalk.NONE) {
                loop = MinuteLoop.startingAt(found);
                emit(found * 60 - offset, found);
                return;
            }
            if (stretchEnd == NO_TRANSITION) {
                done = true;
                return;
            }
            if (lastWake > loop.runningMinute()) {
                loop = MinuteLoop.startingAt(lastWake);
            }
        }
        wakeOnce();
    }

    /** Feeds the loop the next wake-up: the next minute, or the first minute after the next offset change. */
    private void wakeOnce() {
        long minute = loop.runningMinute() + 1;
        long wake = minute * 60 - offset;
        if (wake >= stretchEnd) {
            long change = stretchEnd;
            while (true) {
                if (change > LAST_SECOND) {
                    done = true;
                    return;
                }
                offset = rules.getOffset(Instant.ofEpochSecond(change)).getTotalSeconds();
                minute = ceilDiv(change + offset, 60);
                wake = minute * 60 - offset;
                stretchEnd = nextTransition(change);
                if (wake < stretchEnd) {
                    break;
                }
                change = stretchEnd;  // two changes within one minute: no wake-up between them
            }
        }
        if (wake > LAST_SECOND) {
            done = true;
            return;
        }
        MinuteLoop.Step step = loop.wake(minute);
        loop = step.next();
        for (MinuteLoop.Check check : step.checks()) {
            if (check.selects(expression)) {
                emit(wake, check.minute());
            }
        }
    }

    private void emit(long wakeSecond, long dueMinute) {
        Instant at = Instant.ofEpochSecond(wakeSecond);
        if (at.isAfter(after)) {
            pending.add(new Fire(at, CalendarWalk.toLocal(dueMinute)));
        }
    }

    private long nextTransition(long epochSecond) {
        ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
        return t == null ? NO_TRANSITION : t.toEpochSecond();
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}

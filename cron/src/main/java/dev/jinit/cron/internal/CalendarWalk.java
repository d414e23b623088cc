package dev.jinit.cron.internal;

import dev.jinit.cron.CronExpression;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;

/**
 * Finds the next matching wall-clock minute by walking the calendar: month, then day, then hour, then minute, each
 * skipping to the next selected value. Never sets a day of month that the month lacks (the overflow croner and
 * croniter got wrong): days come from {@link LocalDate}, one at a time.
 *
 * <p>Wall-clock minutes are counted as Vixie cron counts them: minutes since 1970-01-01T00:00 on the local calendar,
 * as if the local time were UTC. This is an internal class.
 */
public final class CalendarWalk {
    /** No such minute. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int MINUTES_PER_DAY = 1440;
    private static final long FIRST_DAY = LocalDate.MIN.toEpochDay();
    private static final long LAST_DAY = LocalDate.MAX.toEpochDay();
    private static final int[] LONGEST_MONTH = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private CalendarWalk() {
    }

    /**
     * The first matching minute strictly after {@code after} and not after {@code last}.
     *
     * @param after a wall-clock minute number
     * @param last  the last minute to consider, inclusive ({@link Long#MAX_VALUE}: no bound)
     * @return the minute number, or {@link #NONE}
     */
    public static long next(CronExpression e, long after, long last) {
        if (after >= last || !canFire(e)) {
            return NONE;
        }
        long start = after + 1;
        long day = Math.floorDiv(start, MINUTES_PER_DAY);
        int minuteOfDay = Math.floorMod(start, MINUTES_PER_DAY);
        int hour = minuteOfDay / 60;
        int minute = minuteOfDay % 60;
        if (day < FIRST_DAY) {
            day = FIRST_DAY;
            hour = 0;
            minute = 0;
        }
        long lastDay = Math.min(Math.floorDiv(last, MINUTES_PER_DAY), LAST_DAY);
        while (day <= lastDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            if ((e.months() & (1L << date.getMonthValue())) == 0) {
                if (date.getYear() == Year.MAX_VALUE) {
                    return NONE;
                }
                int month = nextBit(e.months(), date.getMonthValue() + 1, 12);
                LocalDate first = month < 0
                        ? LocalDate.of(date.getYear() + 1, Integer.numberOfTrailingZeros((int) e.months()), 1)
                        : LocalDate.of(date.getYear(), month, 1);
                day = first.toEpochDay();
                hour = 0;
                minute = 0;
                continue;
            }
            if (!e.matchesDay(date)) {
                day++;
                hour = 0;
                minute = 0;
                continue;
            }
            int h = nextBit(e.hours(), hour, 23);
            if (h < 0) {
                day++;
                hour = 0;
                minute = 0;
                continue;
            }
            if (h > hour) {
                minute = 0;
            }
            int m = nextBit(e.minutes(), minute, 59);
            if (m < 0) {
                hour = h + 1;
                minute = 0;
                if (hour == 24) {
                    day++;
                    hour = 0;
                }
                continue;
            }
            long found = day * MINUTES_PER_DAY + h * 60L + m;
            return found <= last ? found : NONE;
        }
        return NONE;
    }

    /**
     * Whether any date matches. ORed days always do (every day-of-week set holds a weekday, which comes each week);
     * ANDed days do when some selected month has some selected day of month, since over the 400-year Gregorian
     * cycle every date of a month (29 February too) falls on every weekday.
     */
    public static boolean canFire(CronExpression e) {
        if (!e.daysAnded()) {
            return true;
        }
        for (int month = 1; month <= 12; month++) {
            if ((e.months() & (1L << month)) != 0
                    && (e.daysOfMonth() & (-1L >>> (63 - LONGEST_MONTH[month]))) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The lowest set bit at or above {@code from} and at most {@code to}, or -1. */
    static int nextBit(long mask, int from, int to) {
        if (from > to) {
            return -1;
        }
        long candidates = mask & (-1L << from);
        if (candidates == 0) {
            return -1;
        }
        int bit = Long.numberOfTrailingZeros(candidates);
        return bit <= to ? bit : -1;
    }

    /** A wall-clock minute number as a date and time. */
    public static LocalDateTime toLocal(long minute) {
        return LocalDateTime.ofEpochSecond(minute * 60, 0, ZoneOffset.UTC);
    }

    /** The wall-clock minute number of {@code time} (seconds dropped). */
    public static long toMinute(LocalDateTime time) {
        return Math.floorDiv(time.toEpochSecond(ZoneOffset.UTC), 60);
    }
}

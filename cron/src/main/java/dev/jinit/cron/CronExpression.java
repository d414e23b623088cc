package dev.jinit.cron;

import dev.jinit.cron.internal.CalendarWalk;
import dev.jinit.cron.internal.ExpressionParser;
import dev.jinit.cron.internal.ExpressionPrinter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Five parsed cron time fields: the set of values each selects, and the four flags Vixie cron derives from the
 * first character of the field texts.
 *
 * <p>Each set is a bit mask, bit {@code v} standing for value {@code v} (day of week 0–6, Sunday 0; 7 in text is
 * stored as 0). The flags record whether the field <em>text</em> started with {@code *}, because that, and not the
 * set, decides two things:
 * <ul>
 *   <li>day of month and day of week are ANDed when either of their texts starts with {@code *}, ORed otherwise
 *       (<code>0 0 *&#47;2 * sun</code> is Sundays with odd dates, {@code 0 0 1-31 * 1} is every day);</li>
 *   <li>a job whose minute or hour text starts with {@code *} is a <em>wildcard</em> job and every other one a
 *       <em>fixed-time</em> job, which {@link Schedule} treats differently across clock changes.</li>
 * </ul>
 *
 * <p>Two expressions are equal when they fire at the same times and behave the same across clock changes.
 * {@link #toString()} prints a normal form that parses back to an equal expression. Immutable and thread-safe.
 *
 * @param minutes        bits 0–59
 * @param hours          bits 0–23
 * @param daysOfMonth    bits 1–31
 * @param months         bits 1–12
 * @param daysOfWeek     bits 0–6, Sunday 0
 * @param minuteStar     the minute text started with {@code *}
 * @param hourStar       the hour text started with {@code *}
 * @param dayOfMonthStar the day-of-month text started with {@code *}
 * @param dayOfWeekStar  the day-of-week text started with {@code *}
 */
public record CronExpression(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
                             boolean minuteStar, boolean hourStar, boolean dayOfMonthStar, boolean dayOfWeekStar)
        implements CronSpec {

    /**
     * Checks that every set is a non-empty subset of its field and that a field flagged as starting with {@code *}
     * holds the field's first value (every such text does: {@code *}, <code>*&#47;n</code> and {@code *,…} all start
     * there).
     *
     * @throws IllegalArgumentException naming the field and showing the mask
     */
    public CronExpression {
        check(CronField.MINUTE, minutes, minuteStar);
        check(CronField.HOUR, hours, hourStar);
        check(CronField.DAY_OF_MONTH, daysOfMonth, dayOfMonthStar);
        check(CronField.MONTH, months, false);
        check(CronField.DAY_OF_WEEK, daysOfWeek, dayOfWeekStar);
    }

    private static void check(CronField field, long mask, boolean star) {
        if (mask == 0 || (mask & ~field.fullMask()) != 0) {
            throw new IllegalArgumentException(field.label() + " must be a non-empty set of " + field.min() + "-"
                    + field.maxStored() + ", but the mask was 0x" + Long.toHexString(mask));
        }
        if (star && (mask & (1L << field.min())) == 0) {
            throw new IllegalArgumentException(field.label() + " text starting with '*' always selects "
                    + field.min() + ", but the mask was 0x" + Long.toHexString(mask));
        }
    }

    /**
     * Parses five time fields or a keyword other than {@code @reboot}.
     *
     * @param text e.g. {@code "30 4 1,15 * 5"} or {@code "@daily"}
     * @throws CronSyntaxException for anything {@link CronSpec#parse} rejects, and for {@code @reboot} (which has no
     *                             clock times: use {@link CronSpec#parse})
     */
    public static CronExpression parse(String text) {
        CronSpec spec = ExpressionParser.parse(text);
        if (spec instanceof CronExpression e) {
            return e;
        }
        throw CronSyntaxException.inExpression(CronSyntaxException.Reason.UNKNOWN_KEYWORD, text,
                "@reboot has no clock times (CronSpec.parse accepts it)");
    }

    /**
     * Whether this is a wildcard job for clock changes: its minute or hour text started with {@code *}
     * ({@code @hourly} included). Every other expression, {@code @daily} included, is fixed-time.
     */
    public boolean isWildcard() {
        return minuteStar || hourStar;
    }

    /** Whether day of month and day of week are ANDed (either text started with {@code *}) rather than ORed. */
    public boolean daysAnded() {
        return dayOfMonthStar || dayOfWeekStar;
    }

    /** The selected values of one field, ascending (day of week 0–6). */
    public SortedSet<Integer> values(CronField field) {
        long mask = mask(field);
        SortedSet<Integer> out = new TreeSet<>();
        for (int v = field.min(); v <= field.maxStored(); v++) {
            if ((mask & (1L << v)) != 0) {
                out.add(v);
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    /** The bit mask of one field. */
    public long mask(CronField field) {
        return switch (field) {
            case MINUTE -> minutes;
            case HOUR -> hours;
            case DAY_OF_MONTH -> daysOfMonth;
            case MONTH -> months;
            case DAY_OF_WEEK -> daysOfWeek;
        };
    }

    /** Whether some minute of {@code date} matches: its month is selected and the day rule holds. */
    public boolean matchesDay(LocalDate date) {
        if ((months & (1L << date.getMonthValue())) == 0) {
            return false;
        }
        boolean dom = (daysOfMonth & (1L << date.getDayOfMonth())) != 0;
        boolean dow = (daysOfWeek & (1L << (date.getDayOfWeek().getValue() % 7))) != 0;
        return daysAnded() ? dom && dow : dom || dow;
    }

    /** Whether the wall-clock minute of {@code time} matches (seconds and below are ignored). */
    public boolean matches(LocalDateTime time) {
        return (minutes & (1L << time.getMinute())) != 0
                && (hours & (1L << time.getHour())) != 0
                && matchesDay(time.toLocalDate());
    }

    /**
     * The first wall-clock minute strictly after {@code after} that matches, on the calendar alone (no time zone:
     * {@link Schedule} maps wall-clock minutes to instants with Vixie's rules for clock changes).
     *
     * @return empty when no date can ever match ({@code 0 0 30 2 *}) or none is left before year 999999999
     */
    public Optional<LocalDateTime> nextMatch(LocalDateTime after) {
        long minute = Math.floorDiv(after.toEpochSecond(ZoneOffset.UTC), 60);
        long next = CalendarWalk.next(this, minute, Long.MAX_VALUE);
        return next == CalendarWalk.NONE ? Optional.empty() : Optional.of(CalendarWalk.toLocal(next));
    }

    /**
     * Whether any date at all matches. Only ANDed days can make it false, when no selected month has a selected day
     * of month ({@code 0 0 30 2 *}, {@code 0 0 31 4,6,9,11 *}): Debian accepts these and never runs them.
     */
    public boolean canFire() {
        return CalendarWalk.canFire(this);
    }

    /** The normal form: parses back to an equal expression ({@code @daily} prints as {@code 0 0 * * *}). */
    @Override
    public String toString() {
        return ExpressionPrinter.print(this);
    }
}

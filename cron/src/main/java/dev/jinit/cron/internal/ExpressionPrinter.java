package dev.jinit.cron.internal;

import dev.jinit.cron.CronExpression;
import dev.jinit.cron.CronField;

/**
 * Prints an expression in a normal form that parses back to an equal {@link CronExpression}: a field whose text
 * started with {@code *} prints starting with {@code *} again (as {@code *}, or {@code *}/step plus the other
 * values), every other field as a list of values and ranges. This is an internal class.
 */
public final class ExpressionPrinter {

    private ExpressionPrinter() {
    }

    public static String print(CronExpression e) {
        return field(CronField.MINUTE, e.minutes(), e.minuteStar()) + " "
                + field(CronField.HOUR, e.hours(), e.hourStar()) + " "
                + field(CronField.DAY_OF_MONTH, e.daysOfMonth(), e.dayOfMonthStar()) + " "
                // month has no flag: its text's first character changes nothing, so a full set prints as '*'
                + field(CronField.MONTH, e.months(), e.months() == CronField.MONTH.fullMask()) + " "
                + field(CronField.DAY_OF_WEEK, e.daysOfWeek(), e.dayOfWeekStar());
    }

    static String field(CronField f, long bits, boolean star) {
        if (!star) {
            return list(f, bits);
        }
        if (bits == f.fullMask()) {
            return "*";
        }
        // The smallest step whose progression from the field's start lies inside the set; the range's length as a
        // step always does (it selects the start alone), so the loop ends.
        for (int step = 2; ; step++) {
            long progression = progression(f, step);
            if ((progression & ~bits) == 0) {
                long rest = bits & ~progression;
                return "*/" + step + (rest == 0 ? "" : "," + list(f, rest));
            }
        }
    }

    /** What {@code *}/step selects in {@code f}, as stored (day of week 7 as 0). */
    static long progression(CronField f, int step) {
        long bits = 0;
        for (int v = f.min(); v <= f.max(); v += step) {
            bits |= 1L << v;
        }
        if (f == CronField.DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
            bits = (bits & ~(1L << 7)) | 1L;
        }
        return bits;
    }

    private static String list(CronField f, long bits) {
        StringBuilder b = new StringBuilder();
        int v = f.min();
        while (v <= f.maxStored()) {
            if ((bits & (1L << v)) == 0) {
                v++;
                continue;
            }
            int end = v;
            while (end + 1 <= f.maxStored() && (bits & (1L << (end + 1))) != 0) {
                end++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(v);
            if (end == v + 1) {
                b.append(',').append(end);
            } else if (end > v + 1) {
                b.append('-').append(end);
            }
            v = end + 1;
        }
        return b.toString();
    }
}

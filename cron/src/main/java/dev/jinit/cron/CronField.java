package dev.jinit.cron;

import java.util.List;
import java.util.Locale;

/**
 * The five time fields of a cron expression, in their order, with the values and names Debian's cron accepts.
 *
 * <p>Day of week accepts 0–7 in text, 0 and 7 both meaning Sunday; a parsed expression stores Sunday as 0 only, so
 * {@link #max()} is the largest value the <em>text</em> may hold and {@link #maxStored()} the largest a parsed
 * expression holds. Names are the three-letter English ones, in any case, and only in month and day of week.
 */
public enum CronField {
    /** 0–59. */
    MINUTE("minute", 0, 59, List.of()),
    /** 0–23. */
    HOUR("hour", 0, 23, List.of()),
    /** 1–31; a day that no selected month has is valid and never fires. */
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    /** 1–12 or {@code jan}–{@code dec}. */
    MONTH("month", 1, 12,
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    /** 0–7 or {@code sun}–{@code sat}; 0 and 7 are Sunday. */
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** The name Debian's messages use ("bad day-of-week"). */
    public String label() {
        return label;
    }

    /** The smallest value. */
    public int min() {
        return min;
    }

    /** The largest value the text may hold (7 for day of week). */
    public int max() {
        return max;
    }

    /** The largest value a parsed expression holds (6 for day of week: 7 is stored as 0). */
    public int maxStored() {
        return this == DAY_OF_WEEK ? 6 : max;
    }

    /** Every value this field can hold, as a bit mask (bit {@code v} for value {@code v}). */
    public long fullMask() {
        return bits(min, maxStored());
    }

    /** The three-letter names, lower case, the first one standing for {@link #min()}; empty for numeric fields. */
    public List<String> names() {
        return names;
    }

    /**
     * The value of a three-letter name, in any case.
     *
     * @return the value, or -1 when this field has no such name
     */
    public int valueOfName(String name) {
        int i = names.indexOf(name.toLowerCase(Locale.ROOT));
        return i < 0 ? -1 : min + i;
    }

    static long bits(int from, int to) {
        return (-1L >>> (63 - to)) & (-1L << from);
    }
}

package dev.jinit.cron.internal;

import dev.jinit.cron.CronField;
import dev.jinit.cron.CronSyntaxException;
import dev.jinit.cron.CronSyntaxException.Reason;

/**
 * Parses one time field: {@code item ("," item)*}, {@code item := "*" ["/" step] | v ["-" v] ["/" step]}, as
 * Debian's {@code get_list}/{@code get_range}, but strict where Debian silently skips junk after a valid prefix
 * ({@code 1.5} is 1 there, {@code 1-2-3} is 1-2): here every character must belong to the grammar. This is an
 * internal class.
 */
public final class FieldParser {

    /** Steps are clamped to this: any step larger than a field's range selects only the range's start anyway. */
    private static final int STEP_CLAMP = 100;

    /**
     * A parsed field.
     *
     * @param bits bit {@code v} for each selected value (day of week: 0–6)
     * @param star the text started with {@code *}
     */
    public record Value(long bits, boolean star) {
    }

    private final CronField field;
    private final String text;
    private int pos;

    private FieldParser(CronField field, String text) {
        this.field = field;
        this.text = text;
    }

    /**
     * Parses {@code text} as {@code field}.
     *
     * @throws CronSyntaxException naming the field and the reason
     */
    public static Value parse(CronField field, String text) {
        return new FieldParser(field, text).parse();
    }

    private Value parse() {
        if (text.isEmpty()) {
            throw fail(Reason.JUNK, "empty field");
        }
        long bits = 0;
        while (true) {
            bits |= item();
            if (pos == text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c != ',') {
                throw fail(Reason.JUNK, "unexpected '" + c + "' after '" + text.substring(0, pos) + "'");
            }
            pos++;
        }
        if (field == CronField.DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
            bits = (bits & ~(1L << 7)) | 1L;  // 7 is Sunday, stored as 0
        }
        return new Value(bits, text.charAt(0) == '*');
    }

    private long item() {
        if (pos == text.length() || text.charAt(pos) == ',') {
            throw fail(Reason.JUNK, "empty list item");
        }
        int low;
        int high;
        boolean ranged;
        if (text.charAt(pos) == '*') {
            pos++;
            low = field.min();
            high = field.max();
            ranged = true;
        } else {
            low = value();
            high = low;
            ranged = false;
            if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
                high = value();
                ranged = true;
                if (field == CronField.DAY_OF_WEEK && high == 0 && low > 0) {
                    high = 7;  // cronie's rule: mon-sun, 5-0 end on Sunday; Debian reads them as nothing
                }
                if (high < low) {
                    throw fail(Reason.REVERSED_RANGE, "range " + low + "-" + high + " ends before it starts"
                            + (field == CronField.DAY_OF_WEEK ? " (only a range ending in 0 or sun wraps to 7)" : ""));
                }
            }
        }
        int step = 1;
        if (pos < text.length() && text.charAt(pos) == '/') {
            if (!ranged) {
                throw fail(Reason.STEP_WITHOUT_RANGE, "a step needs a range or '*' before it (write "
                        + low + "-" + field.max() + "/… for what other libraries read " + low + "/… as)");
            }
            pos++;
            step = step();
        }
        long bits = 0;
        for (int v = low; v <= high; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private int step() {
        String word = word();
        if (word.isEmpty() || !word.chars().allMatch(FieldParser::isDigit)) {
            throw fail(Reason.JUNK, word.isEmpty() ? "a step must be a number" : "a step must be a number, not '" + word + "'");
        }
        pos += word.length();
        int n = 0;
        for (int i = 0; i < word.length(); i++) {
            n = Math.min(n * 10 + (word.charAt(i) - '0'), STEP_CLAMP);
        }
        if (n == 0) {
            throw fail(Reason.ZERO_STEP, "a step must be at least 1");
        }
        return n;
    }

    private int value() {
        if (pos == text.length()) {
            throw fail(Reason.JUNK, "a value is missing at the end");
        }
        char c = text.charAt(pos);
        if (isDigit(c)) {
            int start = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos < text.length() && isLetter(text.charAt(pos))) {
                pos = start;
                throw fail(Reason.JUNK, "'" + word() + "' is neither a number nor a name");
            }
            String digits = text.substring(start, pos);
            String significant = digits.replaceFirst("^0+(?=.)", "");  // leading zeros are fine: 007 is 7
            int v = significant.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(significant);
            if (v < field.min() || v > field.max()) {
                throw fail(Reason.OUT_OF_RANGE, digits + " is out of range " + field.min() + "-" + field.max());
            }
            return v;
        }
        if (isLetter(c)) {
            String word = word();
            if (!word.chars().allMatch(FieldParser::isLetter)) {
                throw fail(Reason.JUNK, "'" + word + "' is neither a number nor a name");
            }
            if (field.names().isEmpty()) {
                throw fail(Reason.UNKNOWN_NAME, "names are allowed only in month and day-of-week, not '" + word + "'");
            }
            int v = field.valueOfName(word);
            if (v < 0) {
                throw fail(Reason.UNKNOWN_NAME, "unknown name '" + word + "' (use " + field.names().get(0) + "-"
                        + field.names().get(field.names().size() - 1) + ", three letters, any case)");
            }
            pos += word.length();
            return v;
        }
        throw fail(Reason.JUNK, "expected a number" + (field.names().isEmpty() ? "" : " or a name")
                + " at '" + text.substring(pos) + "'");
    }

    /** The run of letters and digits at {@code pos}, without consuming it. */
    private String word() {
        int end = pos;
        while (end < text.length() && (isLetter(text.charAt(end)) || isDigit(text.charAt(end)))) {
            end++;
        }
        return text.substring(pos, end);
    }

    private CronSyntaxException fail(Reason reason, String detail) {
        return CronSyntaxException.inField(reason, field, text, detail);
    }

    // ASCII only: Character.isDigit would take Arabic-Indic and other digits, which cron does not.
    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

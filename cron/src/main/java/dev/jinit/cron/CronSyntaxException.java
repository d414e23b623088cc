package dev.jinit.cron;

import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression that Debian's cron would not accept (or would accept by silently dropping part of it), with the
 * field and the reason.
 *
 * <p>This is the only exception {@link CronSpec#parse} and {@link CronExpression#parse} throw for any text. The
 * message names the field the way Debian's cron does ("bad minute '60': ...") and says what is wrong.
 */
public final class CronSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Why an expression was rejected. */
    public enum Reason {
        /** Nothing but blanks. */
        EMPTY,
        /** Not five fields (or a keyword followed by fields). */
        FIELD_COUNT,
        /** An {@code @} word that is not one of cron's keywords (they are case-sensitive). */
        UNKNOWN_KEYWORD,
        /** A value or a range bound outside the field's limits. */
        OUT_OF_RANGE,
        /** {@code /0}. */
        ZERO_STEP,
        /** A step after a single value ({@code 5/2}); Debian and cronie reject it, other libraries read {@code 5-max/2}. */
        STEP_WITHOUT_RANGE,
        /** A range whose end is below its start ({@code 5-1}); Debian reads it as nothing. */
        REVERSED_RANGE,
        /** A word that is not a three-letter month or day name, or a name in a numeric field. */
        UNKNOWN_NAME,
        /** Anything else that is not the grammar: {@code 1.5}, {@code **}, {@code *5}, {@code 1-2-3}, empty items. */
        JUNK
    }

    private final Reason reason;
    private final CronField field;
    private final String text;

    private CronSyntaxException(Reason reason, CronField field, String text, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
        this.text = Objects.requireNonNull(text, "text");
    }

    /**
     * A bad field.
     *
     * @param fieldText the field's whole text, as written
     * @param detail    what is wrong, for people
     */
    public static CronSyntaxException inField(Reason reason, CronField field, String fieldText, String detail) {
        Objects.requireNonNull(field, "field");
        return new CronSyntaxException(reason, field, fieldText,
                "bad " + field.label() + " '" + printable(fieldText) + "': " + printable(detail));
    }

    /**
     * A bad expression as a whole (empty, wrong field count, unknown keyword).
     *
     * @param text   the whole expression, as written
     * @param detail what is wrong, for people
     */
    public static CronSyntaxException inExpression(Reason reason, String text, String detail) {
        return new CronSyntaxException(reason, null, text, printable(detail) + " in '" + printable(text) + "'");
    }

    /** Why it was rejected. */
    public Reason reason() {
        return reason;
    }

    /** The field at fault; empty when the expression as a whole is (empty, field count, keyword). */
    public Optional<CronField> field() {
        return Optional.ofNullable(field);
    }

    /** The text at fault: the field's text when {@link #field()} is present, else the whole expression. */
    public String text() {
        return text;
    }

    /** Control characters as escapes, so one bad line stays one log line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

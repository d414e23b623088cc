package dev.jinit.cron.internal;

import dev.jinit.cron.CronField;
import dev.jinit.cron.CronSpec;
import dev.jinit.cron.CronSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a crontab job line into its time fields (or keyword), its user field (system crontabs) and its raw
 * command, as Debian's {@code load_entry} (entry.c) reads it. This is an internal class.
 *
 * @param spec       the parsed time fields or keyword
 * @param user       the user field; {@code null} for a user crontab
 * @param rawCommand the rest of the line after the blanks that follow the last field, {@code %} not yet handled
 */
public record JobLine(CronSpec spec, String user, String rawCommand) {

    /** A line that is not a job; the message is the reason. */
    public static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        public BadLine(String reason) {
            super(reason);
        }
    }

    /**
     * @param line     a crontab line without its leading blanks and line end, not a comment or assignment
     * @param withUser whether a user field follows the time fields (system crontabs)
     * @throws BadLine naming what is wrong; a bad time field is reported with {@link CronSyntaxException}'s message
     */
    public static JobLine parse(String line, boolean withUser) throws BadLine {
        Cursor cursor = new Cursor(line);
        String first = cursor.token();
        CronSpec spec;
        try {
            if (first.startsWith("@")) {
                spec = ExpressionParser.keyword(first);
            } else {
                List<String> fields = new ArrayList<>(5);
                String token = first;
                for (CronField field : CronField.values()) {
                    if (token == null) {
                        throw new BadLine("missing " + field.label() + " (a job is five time fields"
                                + (withUser ? ", a user" : "") + " and a command)");
                    }
                    FieldParser.parse(field, token);  // so the first bad field is the one reported
                    fields.add(token);
                    token = field == CronField.DAY_OF_WEEK ? null : cursor.token();
                }
                spec = ExpressionParser.fields(fields);
            }
        } catch (CronSyntaxException e) {
            throw new BadLine(e.getMessage());
        }
        String user = null;
        if (withUser) {
            user = cursor.token();
            if (user == null) {
                throw new BadLine("missing user and command");
            }
        }
        String command = cursor.rest();
        if (command.isEmpty()) {
            throw new BadLine("missing command");
        }
        if (!withUser && command.startsWith("*")) {
            // Debian's check: a command starting with '*' is almost always a sixth time field.
            throw new BadLine("bad command '" + command + "': it starts with '*' (a sixth time field? cron has five)");
        }
        return new JobLine(spec, user, command);
    }

    private static final class Cursor {
        private final String line;
        private int pos;

        Cursor(String line) {
            this.line = line;
        }

        /** The next blank-separated token, or null at the end. */
        String token() {
            skipBlanks();
            if (pos == line.length()) {
                return null;
            }
            int start = pos;
            while (pos < line.length() && !ExpressionParser.isBlank(line.charAt(pos))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        String rest() {
            skipBlanks();
            return line.substring(pos);
        }

        private void skipBlanks() {
            while (pos < line.length() && ExpressionParser.isBlank(line.charAt(pos))) {
                pos++;
            }
        }
    }
}

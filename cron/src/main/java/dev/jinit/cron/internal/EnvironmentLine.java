package dev.jinit.cron.internal;

import java.util.Optional;

/**
 * Recognises a crontab environment assignment, {@code NAME = VALUE}, with the state machine of Vixie's
 * {@code load_env} (env.c): the name ends at a blank or {@code =} and may be quoted; blanks around {@code =} are
 * optional; a value wrapped in matching {@code '} or {@code "} loses the quotes and keeps its blanks, any other value
 * loses its trailing blanks. Nothing is expanded. A line that is not an assignment is a job line. This is an
 * internal class.
 */
public final class EnvironmentLine {

    /**
     * An assignment.
     *
     * @param name  the name, possibly empty ({@code =x}), which the parser reports
     * @param value the value, possibly empty ({@code X=""})
     */
    public record Assignment(String name, String value) {
    }

    private EnvironmentLine() {
    }

    /**
     * @param line a crontab line without its leading blanks and line end
     * @return the assignment, or empty when cron would read the line as a job. Notably {@code NAME=} with nothing
     *         after it is not an assignment (an empty value needs quotes: {@code NAME=""}), nor is a quoted value
     *         followed by more text, nor an unterminated quote
     */
    public static Optional<Assignment> parse(String line) {
        int n = line.length();
        int i = 0;
        StringBuilder name = new StringBuilder();
        if (i < n && isQuote(line.charAt(i))) {
            char quote = line.charAt(i++);
            while (i < n && line.charAt(i) != quote) {
                if (line.charAt(i) == '=') {
                    return Optional.empty();
                }
                name.append(line.charAt(i++));
            }
            if (i == n) {
                return Optional.empty();
            }
            i++;
        } else {
            while (i < n && !isSpace(line.charAt(i)) && line.charAt(i) != '=') {
                name.append(line.charAt(i++));
            }
        }
        while (i < n && isSpace(line.charAt(i))) {
            i++;
        }
        if (i == n || line.charAt(i) != '=') {
            return Optional.empty();
        }
        i++;
        while (i < n && isSpace(line.charAt(i))) {
            i++;
        }
        if (i == n) {
            return Optional.empty();
        }
        if (isQuote(line.charAt(i))) {
            char quote = line.charAt(i++);
            int end = line.indexOf(quote, i);
            if (end < 0) {
                return Optional.empty();
            }
            for (int j = end + 1; j < n; j++) {
                if (!isSpace(line.charAt(j))) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Assignment(name.toString(), line.substring(i, end)));
        }
        int end = n;
        while (end > i && isSpace(line.charAt(end - 1))) {
            end--;
        }
        return Optional.of(new Assignment(name.toString(), line.substring(i, end)));
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }

    /** C's {@code isspace} in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}

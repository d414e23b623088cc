package dev.jinit.cron.internal;

/**
 * Splits a crontab command at its first unescaped {@code %}, as Debian's cron does before running it
 * (do_command.c, with Debian's patch for escapes).
 *
 * <ul>
 *   <li>Command part: {@code \%} is a literal {@code %}, {@code \\} a single backslash (Debian; cronie keeps both),
 *       any other backslash stays; the first unescaped {@code %} ends the command.</li>
 *   <li>Input part: every unescaped {@code %} is a newline, a backslash right before a {@code %} is dropped and the
 *       {@code %} kept, every other backslash stays; a newline is added when the data does not end in one. No
 *       {@code %}, or nothing after it, means empty input.</li>
 * </ul>
 * This is an internal class.
 *
 * @param command what {@code $SHELL -c} runs
 * @param input   what is written to the job's standard input
 */
public record CommandText(String command, String input) {

    public static CommandText split(String raw) {
        StringBuilder command = new StringBuilder(raw.length());
        boolean escaped = false;
        int i = 0;
        int n = raw.length();
        for (; i < n; i++) {
            char c = raw.charAt(i);
            if (escaped) {
                escaped = false;
                if (c == '%' || c == '\\') {
                    command.setCharAt(command.length() - 1, c);
                } else {
                    command.append(c);
                }
                continue;
            }
            if (c == '%') {
                break;
            }
            escaped = c == '\\';
            command.append(c);
        }
        if (i == n) {
            return new CommandText(command.toString(), "");
        }
        return new CommandText(command.toString(), input(raw, i + 1));
    }

    /** The loop that writes a job's input in do_command.c, character for character. */
    private static String input(String raw, int from) {
        StringBuilder out = new StringBuilder(raw.length() - from + 1);
        boolean escaped = false;
        boolean needNewline = false;
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (escaped) {
                if (c != '%') {
                    out.append('\\');
                }
            } else if (c == '%') {
                c = '\n';
            }
            escaped = c == '\\';
            if (!escaped) {
                out.append(c);
                needNewline = c != '\n';
            }
        }
        if (escaped) {
            out.append('\\');  // a trailing backslash is written, but (as in Debian) does not ask for a newline
        }
        if (needNewline) {
            out.append('\n');
        }
        return out.toString();
    }
}

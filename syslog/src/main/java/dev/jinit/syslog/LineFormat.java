package dev.jinit.syslog;

/**
 * Turns a message into one line of text for a file or stdout. The line has no terminator (the output adds
 * {@code \n}) and never holds a control character: implementations escape every field with the parser's rule
 * ({@code #012} for LF), so a value built by code cannot break a line either. Implementations are immutable and
 * thread-safe.
 */
public interface LineFormat {

    /** Appends the line for {@code message} to {@code out}, without a terminator. */
    void appendTo(StringBuilder out, SyslogMessage message);

    /** The line for {@code message}, without a terminator. */
    default String format(SyslogMessage message) {
        StringBuilder sb = new StringBuilder(64 + message.message().length());
        appendTo(sb, message);
        return sb.toString();
    }
}

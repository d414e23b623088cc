package dev.jinit.launcher.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * Makes the text of one event, as slf4j-simple prints it for the same {@link LogSettings}: {@code [time ][[thread]
 * ][tid=N ]LEVEL [name - ][ marker ...]message}, a line separator, then the throwable's stack trace if any. The
 * launcher's settings make {@code jinit 12:34:56.789 [INFO] message}. Immutable, thread-safe.
 */
final class LineFormat {
    private final LogSettings settings;
    private final InstantSource clock;
    private final Timestamp timestamp;

    /**
     * @param clock the time of each line, and (at this call) the start that relative times count from
     * @param zones the zone of the times, asked for at the first line
     */
    LineFormat(LogSettings settings, InstantSource clock, Supplier<TimeZone> zones) {
        this.settings = settings;
        this.clock = clock;
        this.timestamp = Timestamp.of(settings.dateTimeFormat(), zones, clock.millis());
    }

    /**
     * The whole text of an event, line separator and stack trace included.
     *
     * @param markers   null or empty for none
     * @param arguments what fills the message's {@code {}}, through SLF4J's {@link MessageFormatter}; may be null
     * @param throwable printed after the line; may be null
     */
    String format(String loggerName, Level level, List<Marker> markers, String message, Object[] arguments,
                  Throwable throwable) {
        StringBuilder b = new StringBuilder(64 + (message == null ? 0 : message.length()));
        if (settings.showDateTime()) {
            timestamp.appendTo(b, clock.millis());
            b.append(' ');
        }
        if (settings.showThreadName()) {
            b.append('[').append(Thread.currentThread().getName()).append("] ");
        }
        if (settings.showThreadId()) {
            b.append("tid=").append(Thread.currentThread().getId()).append(' ');
        }
        if (settings.levelInBrackets()) {
            b.append('[');
        }
        b.append(level == Level.WARN ? settings.warnLevelString() : level.name());
        if (settings.levelInBrackets()) {
            b.append(']');
        }
        b.append(' ');
        if (settings.showShortLogName()) {
            b.append(loggerName.substring(loggerName.lastIndexOf('.') + 1)).append(" - ");
        } else if (settings.showLogName()) {
            b.append(loggerName).append(" - ");
        }
        if (markers != null && !markers.isEmpty()) {
            b.append(' ');
            for (Marker m : markers) {
                b.append(m.getName()).append(' ');
            }
        }
        b.append(MessageFormatter.basicArrayFormat(message, arguments));
        b.append(System.lineSeparator());
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter w = new PrintWriter(trace)) {
                throwable.printStackTrace(w);
            }
            b.append(trace);
        }
        return b.toString();
    }
}

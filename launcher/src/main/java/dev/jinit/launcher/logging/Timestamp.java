package dev.jinit.launcher.logging;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.slf4j.helpers.Reporter;

/**
 * The time at the start of a log line, as slf4j-simple prints it for a {@code dateTimeFormat}: by hand for patterns of
 * numeric fields and quoted text ({@link NumericTimePattern}, which is the launcher's {@code 'jinit' HH:mm:ss.SSS});
 * through {@link SimpleDateFormat} only for other patterns (month names, zones: a {@code SimpleDateFormat} loads the
 * locale data of the JDK, ~40 ms at start-up); the milliseconds since start without a pattern or for a bad one.
 */
interface Timestamp {
    /** Appends the time {@code epochMillis} to {@code line}. */
    void appendTo(StringBuilder line, long epochMillis);

    /**
     * The timestamp for {@code pattern} in the zone {@code zones} gives (asked for at the first line when the pattern
     * is numeric); without a pattern (null) or when {@link SimpleDateFormat} rejects it, the milliseconds since
     * {@code startMillis}, as slf4j-simple (which also reports the bad pattern).
     */
    static Timestamp of(String pattern, Supplier<TimeZone> zones, long startMillis) {
        if (pattern == null) {
            return elapsedSince(startMillis);
        }
        NumericTimePattern numeric = NumericTimePattern.parse(pattern, zones);
        if (numeric != null) {
            return numeric;
        }
        SimpleDateFormat format;
        try {
            format = new SimpleDateFormat(pattern);
            format.setTimeZone((TimeZone) zones.get().clone());
        } catch (IllegalArgumentException e) {
            Reporter.error("Bad date format in simplelogger.properties; will output relative time", e);
            return elapsedSince(startMillis);
        }
        return (line, millis) -> {
            synchronized (format) { // not thread-safe
                line.append(format.format(new Date(millis)));
            }
        };
    }

    /** The milliseconds since {@code startMillis}. */
    static Timestamp elapsedSince(long startMillis) {
        return (line, millis) -> line.append(millis - startMillis);
    }
}

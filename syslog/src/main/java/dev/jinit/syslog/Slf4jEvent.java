package dev.jinit.syslog;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One SLF4J logging event made from a syslog message by {@link Slf4jMapping}: which logger, at which level, what
 * text, which key-value pairs. Immutable.
 *
 * @param loggerName the logger to log to; never null
 * @param level      never null
 * @param message    the text, logged as is (no {@code {}} placeholders are filled: there are no arguments)
 * @param keyValues  in order; never null
 */
public record Slf4jEvent(String loggerName, Level level, String message, List<KeyValue> keyValues) {

    public Slf4jEvent {
        Objects.requireNonNull(loggerName, "slf4jEvent.loggerName");
        Objects.requireNonNull(level, "slf4jEvent.level");
        Objects.requireNonNull(message, "slf4jEvent.message");
        keyValues = List.copyOf(Objects.requireNonNull(keyValues, "slf4jEvent.keyValues"));
    }

    /**
     * Logs this event to {@code logger} (which should be named {@link #loggerName()}) through SLF4J 2's fluent API,
     * so backends that keep key-value pairs (logback's structured encoders, say) get them as pairs. Nothing happens
     * if the level is disabled for that logger.
     */
    public void emitTo(Logger logger) {
        LoggingEventBuilder event = logger.atLevel(level);
        for (KeyValue kv : keyValues) {
            event = event.addKeyValue(kv.key(), kv.value());
        }
        event.log(message);
    }

    /**
     * One key-value pair.
     *
     * @param key   never null
     * @param value never null
     */
    public record KeyValue(String key, String value) {
        public KeyValue {
            Objects.requireNonNull(key, "keyValue.key");
            Objects.requireNonNull(value, "keyValue.value");
        }
    }
}

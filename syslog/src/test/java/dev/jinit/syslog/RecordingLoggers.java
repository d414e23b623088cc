package dev.jinit.syslog;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger factory whose loggers (all levels enabled) record each event as one line,
 * {@code logger LEVEL message {key=value, ...}}. Thread-safe.
 */
final class RecordingLoggers implements ILoggerFactory {
    private final List<String> lines = new ArrayList<>();

    @Override
    public Logger getLogger(String name) {
        return new Recording(name);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    private final class Recording extends LegacyAbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public void log(LoggingEvent event) {
            List<String> kv = new ArrayList<>();
            for (KeyValuePair p : event.getKeyValuePairs()) {
                kv.add(p.key + "=" + p.value);
            }
            add(name + " " + event.getLevel() + " " + event.getMessage() + " " + kv);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            add(name + " " + level + " " + messagePattern + " (not through the fluent API)");
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}

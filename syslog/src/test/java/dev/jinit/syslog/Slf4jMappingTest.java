package dev.jinit.syslog;

import static dev.jinit.syslog.Datagrams.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jinit.syslog.Slf4jEvent.KeyValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/** From syslog message to SLF4J event, and the event through SLF4J 2's fluent API. */
class Slf4jMappingTest {

    private static final Slf4jMapping MAPPING = Slf4jMapping.ofDefaults();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"EMERG, ERROR", "ALERT, ERROR", "CRIT, ERROR", "ERR, ERROR", "WARNING, WARN", "NOTICE, INFO",
        "INFO, INFO", "DEBUG, DEBUG"})
    void everySeverityHasALevel(Severity severity, Level level) {
        assertEquals(level, Slf4jMapping.level(severity));
    }

    @Test
    void aGlibcMessageBecomesAnEventOfLoggerSyslogDotTag() {
        Slf4jEvent e = MAPPING.map(parse("<27>Nov 27 23:53:09 myprog[15475]: hello 42"));
        assertEquals(new Slf4jEvent("syslog.myprog", Level.ERROR, "hello 42", List.of(
                new KeyValue("facility", "daemon"),
                new KeyValue("severity", "err"),
                new KeyValue("host", "vm"),
                new KeyValue("pid", "15475"),
                new KeyValue("timestamp", "2026-11-27T23:53:09Z"))), e);
    }

    @Test
    void anRfc5424MessageBringsItsMsgIdAndEveryStructuredDataParam() {
        Slf4jEvent e = MAPPING.map(parse("<13>1 2026-11-27T23:52:59.419615+00:00 vm root - ID47 [timeQuality "
                + "tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hungry\" tiger=\"fed\"] sd test"));
        assertEquals(new Slf4jEvent("syslog.root", Level.INFO, "sd test", List.of(
                new KeyValue("facility", "user"),
                new KeyValue("severity", "notice"),
                new KeyValue("host", "vm"),
                new KeyValue("msgid", "ID47"),
                new KeyValue("timestamp", "2026-11-27T23:52:59.419615Z"),
                new KeyValue("sd.timeQuality.tzKnown", "1"),
                new KeyValue("sd.timeQuality.isSynced", "0"),
                new KeyValue("sd.zoo@123.tiger", "hungry"),
                new KeyValue("sd.zoo@123.tiger", "fed"))), e);
    }

    @Test
    void aMessageWithoutTagGoesToTheBarePrefixAndACutOneSaysSo() {
        String big = "<12>" + "w".repeat(10_000);
        Slf4jEvent e = MAPPING.map(parse(big));
        assertEquals("syslog", e.loggerName());
        assertEquals(Level.WARN, e.level());
        assertEquals(new KeyValue("truncated", "true"), e.keyValues().get(e.keyValues().size() - 1));
    }

    @Test
    void theLoggerPrefixCanBeChangedButNotEmptied() {
        assertEquals("children.sshd", new Slf4jMapping("children").loggerName(parse("<38>sshd[1]: ok")));
        assertThrows(IllegalArgumentException.class, () -> new Slf4jMapping(""));
    }

    @Test
    void emittingLogsThroughTheFluentApiWithKeyValuePairs() {
        CapturingLogger logger = new CapturingLogger("syslog.myprog", true);
        MAPPING.map(parse("<28>Nov 27 23:53:09 myprog[15475]: disk {} 90% full")).emitTo(logger);
        assertEquals(1, logger.events.size());
        LoggingEvent e = logger.events.get(0);
        assertEquals(Level.WARN, e.getLevel());
        assertEquals("disk {} 90% full", e.getMessage());
        assertEquals(List.of("facility=daemon", "severity=warning", "host=vm", "pid=15475",
                "timestamp=2026-11-27T23:53:09Z"), e.getKeyValuePairs().stream().map(kv -> kv.key + "=" + kv.value)
                .collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void emittingAtADisabledLevelLogsNothing() {
        CapturingLogger logger = new CapturingLogger("syslog.x", false);
        MAPPING.map(parse("<15>x: debug")).emitTo(logger);
        assertEquals(List.of(), logger.events);
    }

    /** A logger that keeps the events the fluent API hands it; INFO and up, and DEBUG only if asked. */
    private static final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;
        final transient List<LoggingEvent> events = new ArrayList<>();
        private final boolean debug;

        CapturingLogger(String name, boolean debug) {
            this.name = name;
            this.debug = debug;
        }

        @Override
        public void log(LoggingEvent event) {
            events.add(event);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            throw new AssertionError("the fluent API should hand over the whole event");
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return debug;
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

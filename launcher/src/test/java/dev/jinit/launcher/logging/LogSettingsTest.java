package dev.jinit.launcher.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.LocationAwareLogger;

/** The org.slf4j.simpleLogger.* properties, read as slf4j-simple reads them. */
class LogSettingsTest {
    private static LogSettings of(Map<String, String> p) {
        return LogSettings.from(p::get);
    }

    @Test
    void withoutPropertiesSlf4jSimplesDefaults() {
        LogSettings s = of(Map.of());
        assertEquals(LocationAwareLogger.INFO_INT, s.defaultLevel());
        assertFalse(s.showDateTime());
        assertNull(s.dateTimeFormat());
        assertTrue(s.showThreadName());
        assertFalse(s.showThreadId());
        assertTrue(s.showLogName());
        assertFalse(s.showShortLogName());
        assertFalse(s.levelInBrackets());
        assertEquals("WARN", s.warnLevelString());
        assertEquals("System.err", s.logFile());
        assertFalse(s.cacheOutputStream());
    }

    @Test
    void levelsByNameInAnyCaseAndInfoForAnythingElse() {
        assertEquals(LocationAwareLogger.TRACE_INT, LogSettings.level("TRACE", -1));
        assertEquals(LocationAwareLogger.DEBUG_INT, LogSettings.level("debug", -1));
        assertEquals(LocationAwareLogger.INFO_INT, LogSettings.level("Info", -1));
        assertEquals(LocationAwareLogger.WARN_INT, LogSettings.level("warn", -1));
        assertEquals(LocationAwareLogger.ERROR_INT, LogSettings.level("error", -1));
        assertEquals(LogSettings.OFF, LogSettings.level("off", -1));
        assertEquals(LocationAwareLogger.INFO_INT, LogSettings.level("loud", -1));
        assertEquals(-1, LogSettings.level(null, -1));
    }

    @Test
    void aLoggersLevelComesFromItsOwnPropertyElseTheNearestParentsElseTheDefault() {
        LogSettings s = of(Map.of(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn",
                "org.slf4j.simpleLogger.log.dev.jinit", "debug",
                "org.slf4j.simpleLogger.log.dev.jinit.syslog.SyslogServer", "error",
                "org.slf4j.simpleLogger.log.syslog", "trace"));
        assertEquals(LocationAwareLogger.ERROR_INT, s.levelOf("dev.jinit.syslog.SyslogServer"));
        assertEquals(LocationAwareLogger.DEBUG_INT, s.levelOf("dev.jinit.syslog.SyslogServerConfig"));
        assertEquals(LocationAwareLogger.DEBUG_INT, s.levelOf("dev.jinit.launcher.MyInit"));
        assertEquals(LocationAwareLogger.TRACE_INT, s.levelOf("syslog.app"), "a logger named by a syslog program");
        assertEquals(LocationAwareLogger.WARN_INT, s.levelOf("org.other.Thing"));
        assertEquals(LocationAwareLogger.WARN_INT, s.levelOf("dev"), "a parent of a configured name is not below it");
    }

    @Test
    void theLaunchersSettingsAsLoggingConfiguresThem() {
        LogSettings s = of(Map.of(
                "org.slf4j.simpleLogger.defaultLogLevel", "info",
                "org.slf4j.simpleLogger.showThreadName", "false",
                "org.slf4j.simpleLogger.showLogName", "false",
                "org.slf4j.simpleLogger.showShortLogName", "false",
                "org.slf4j.simpleLogger.levelInBrackets", "true",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "'jinit' HH:mm:ss.SSS"));
        assertFalse(s.showThreadName());
        assertFalse(s.showLogName());
        assertTrue(s.levelInBrackets());
        assertTrue(s.showDateTime());
        assertEquals("'jinit' HH:mm:ss.SSS", s.dateTimeFormat());
        assertFalse(of(Map.of("org.slf4j.simpleLogger.showThreadName", "yes")).showThreadName(), "only true is true");
    }
}

package dev.jinit.launcher.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;

/** The text of one event, as slf4j-simple prints it for the same settings. */
class LineFormatTest {
    private static final String NL = System.lineSeparator();
    /** 2026-11-28T09:05:03.007Z */
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(1_795_856_703_007L));

    /** The properties Logging.configure sets, then {@code more}. */
    private static LineFormat launcher(String... more) {
        Map<String, String> p = new HashMap<>(Map.of(
                "org.slf4j.simpleLogger.defaultLogLevel", "info",
                "org.slf4j.simpleLogger.showThreadName", "false",
                "org.slf4j.simpleLogger.showLogName", "false",
                "org.slf4j.simpleLogger.showShortLogName", "false",
                "org.slf4j.simpleLogger.levelInBrackets", "true",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "'jinit' HH:mm:ss.SSS"));
        for (int i = 0; i < more.length; i += 2) {
            p.put("org.slf4j.simpleLogger." + more[i], more[i + 1]);
        }
        return new LineFormat(LogSettings.from(p::get), CLOCK, () -> TimeZone.getTimeZone("UTC"));
    }

    @Test
    void theLaunchersLine() {
        assertEquals("jinit 09:05:03.007 [INFO] running true as pid 29" + NL,
                launcher().format("dev.jinit.launcher.MainCommand", Level.INFO, null, "running {} as pid {}",
                        new Object[]{"true", 29}, null));
        assertEquals("jinit 09:05:03.007 [WARN] my_init - careful" + NL,
                launcher().format("x", Level.WARN, null, "my_init - careful", null, null));
    }

    @Test
    void slf4jSimplesDefaultLineWithoutAnyProperty() {
        LineFormat f = new LineFormat(LogSettings.from(k -> null), CLOCK, () -> TimeZone.getTimeZone("UTC"));
        String line = f.format("dev.jinit.setuser.SetUser", Level.ERROR, null, "no such user {}", new Object[]{"bob"},
                null);
        assertEquals("[" + Thread.currentThread().getName() + "] ERROR dev.jinit.setuser.SetUser - no such user bob"
                + NL, line);
    }

    @Test
    void everyOptionalPartInSlf4jSimplesOrder() {
        LineFormat f = launcher("showThreadName", "true", "showThreadId", "true", "showShortLogName", "true",
                "warnLevelString", "WARNING", "levelInBrackets", "false");
        Thread t = Thread.currentThread();
        assertEquals("jinit 09:05:03.007 [" + t.getName() + "] tid=" + t.getId() + " WARNING SyslogServer - m" + NL,
                f.format("dev.jinit.syslog.SyslogServer", Level.WARN, null, "m", null, null));
        assertEquals("jinit 09:05:03.007 DEBUG dev.jinit.X - m" + NL,
                launcher("showLogName", "true", "levelInBrackets", "false").format("dev.jinit.X", Level.DEBUG, null,
                        "m", null, null));
    }

    @Test
    void markersAfterTheNameAsSlf4jSimple() {
        BasicMarkerFactory markers = new BasicMarkerFactory();
        assertEquals("jinit 09:05:03.007 [INFO]  AUDIT SECURITY m" + NL, launcher().format("x", Level.INFO,
                List.of(markers.getMarker("AUDIT"), markers.getMarker("SECURITY")), "m", null, null));
    }

    @Test
    void argumentsThroughSlf4jsMessageFormatter() {
        LineFormat f = launcher();
        assertEquals("jinit 09:05:03.007 [INFO] a=1 b=[2, 3] c={} null" + NL,
                f.format("x", Level.INFO, null, "a={} b={} c=\\{} {}", new Object[]{1, new int[]{2, 3}, null}, null));
        assertEquals("jinit 09:05:03.007 [INFO] more {} than args" + NL,
                f.format("x", Level.INFO, null, "more {} than args", null, null));
        assertEquals("jinit 09:05:03.007 [INFO] null" + NL, f.format("x", Level.INFO, null, null, null, null));
    }

    @Test
    void theThrowablesStackTraceFollowsTheLine() {
        IllegalStateException e = new IllegalStateException("boom", new java.io.IOException("disk"));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace, true));
        String text = launcher().format("x", Level.ERROR, null, "failed {}", new Object[]{"here"}, e);
        assertEquals("jinit 09:05:03.007 [ERROR] failed here" + NL + trace, text);
        assertTrue(text.contains("Caused by: java.io.IOException: disk"), text);
    }

    @Test
    void withoutAPatternTheMillisecondsSinceTheFormatWasMade() {
        long[] now = {5_000};
        InstantSource clock = () -> Instant.ofEpochMilli(now[0]);
        LineFormat f = new LineFormat(LogSettings.from(Map.of("org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.showThreadName", "false")::get), clock, () -> TimeZone.getTimeZone("UTC"));
        now[0] = 5_042;
        assertEquals("42 INFO x - m" + NL, f.format("x", Level.INFO, null, "m", null, null));
    }
}

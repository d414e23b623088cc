package dev.jinit.launcher.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Levels, one write per event, and lines that never mix, through SLF4J's Logger API. */
class JinitLoggerTest {
    private static final String NL = System.lineSeparator();

    /** Everything written, and how many writes reached the stream. */
    private static final class Sink extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private final Sink sink = new Sink();
    // as System.err: autoflush, over a small buffer
    private final PrintStream stream = new PrintStream(new java.io.BufferedOutputStream(sink, 128), true,
            StandardCharsets.UTF_8);

    private JinitLoggerFactory factory(Map<String, String> properties) {
        LogSettings s = LogSettings.from(properties::get);
        return new JinitLoggerFactory(s, new LineFormat(s, InstantSource.fixed(Instant.ofEpochMilli(0)),
                () -> TimeZone.getTimeZone("UTC")), () -> stream);
    }

    private JinitLoggerFactory launcher(String level) {
        return factory(Map.of("org.slf4j.simpleLogger.defaultLogLevel", level,
                "org.slf4j.simpleLogger.showThreadName", "false",
                "org.slf4j.simpleLogger.showLogName", "false",
                "org.slf4j.simpleLogger.levelInBrackets", "true",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "'jinit' HH:mm:ss.SSS"));
    }

    @Test
    void onlyEventsAtOrAboveTheLoggersLevelArePrinted() {
        Logger log = launcher("warn").getLogger("dev.jinit.launcher.MyInit");
        assertFalse(log.isInfoEnabled());
        assertTrue(log.isWarnEnabled());
        log.trace("t");
        log.debug("d");
        log.info("i {}", 1);
        log.warn("w {} {}", 1, 2);
        log.error("e {} {} {}", 1, 2, 3);
        assertEquals("jinit 00:00:00.000 [WARN] w 1 2" + NL + "jinit 00:00:00.000 [ERROR] e 1 2 3" + NL, sink.text());
    }

    @Test
    void offPrintsNothingAndTraceEverything() {
        Logger off = factory(Map.of("org.slf4j.simpleLogger.defaultLogLevel", "off")).getLogger("a");
        off.error("never");
        assertEquals("", sink.text());
        Logger trace = factory(Map.of("org.slf4j.simpleLogger.log.a", "trace",
                "org.slf4j.simpleLogger.showThreadName", "false")).getLogger("a.b");
        trace.trace("seen");
        assertEquals("TRACE a.b - seen" + NL, sink.text());
    }

    @Test
    void oneWritePerEventStackTraceIncluded() {
        Logger log = launcher("info").getLogger("x");
        log.info("one");
        assertEquals(1, sink.writes);
        // a short trace: one text up to 8 KB is one write (a longer one goes in 8 KB pieces, under the stream's lock)
        IllegalStateException e = new IllegalStateException("boom");
        e.setStackTrace(new StackTraceElement[]{new StackTraceElement("dev.jinit.X", "run", "X.java", 12)});
        log.error("two {}", "with", e);
        assertEquals(2, sink.writes, sink.text());
        assertEquals("jinit 00:00:00.000 [INFO] one" + NL + "jinit 00:00:00.000 [ERROR] two with" + NL
                + "java.lang.IllegalStateException: boom" + NL + "\tat dev.jinit.X.run(X.java:12)" + NL, sink.text());
    }

    @Test
    void aThrowableAsTheLastOfTwoArgumentsIsTheEventsThrowable() {
        Logger log = launcher("info").getLogger("x");
        log.warn("lost pid {}", 42, new java.io.IOException("gone"));
        assertTrue(sink.text().startsWith("jinit 00:00:00.000 [WARN] lost pid 42" + NL
                + "java.io.IOException: gone" + NL), sink.text());
    }

    @Test
    void theFluentApiWithKeyValuesGoesThroughTheSameLine() {
        Logger log = launcher("info").getLogger("syslog.app");
        log.atWarn().addKeyValue("facility", "daemon").log("disk {}", "full");
        log.atDebug().log("hidden");
        assertEquals("jinit 00:00:00.000 [WARN] facility=daemon disk full" + NL, sink.text());
    }

    @Test
    void oneLoggerPerName() {
        JinitLoggerFactory f = launcher("info");
        assertTrue(f.getLogger("a") == f.getLogger("a"));
        assertFalse(f.getLogger("a") == f.getLogger("b"));
    }

    @Test
    void linesFromManyThreadsNeverMix() throws InterruptedException {
        JinitLoggerFactory f = launcher("info");
        int threads = 8;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Logger log = f.getLogger("t" + t);
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.info("thread {} line {} {}", id, i, "x".repeat(i % 200));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "logger-test-" + t);
            th.start();
            started.add(th);
        }
        go.countDown();
        assertTrue(done.await(60, TimeUnit.SECONDS), "the threads ended");
        String[] lines = sink.text().split(NL, -1);
        assertEquals(threads * each + 1, lines.length);
        assertEquals("", lines[lines.length - 1]);
        Pattern p = Pattern.compile("jinit 00:00:00\\.000 \\[INFO] thread (\\d+) line (\\d+) (x*)");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.length - 1; i++) {
            Matcher m = p.matcher(lines[i]);
            assertTrue(m.matches(), "an intact line: " + lines[i]);
            assertEquals(Integer.parseInt(m.group(2)) % 200, m.group(3).length(), lines[i]);
            assertTrue(seen.add(m.group(1) + "/" + m.group(2)), "once: " + lines[i]);
        }
        for (Thread th : started) {
            th.join(10_000);
        }
    }

    @Test
    void slf4jFindsThisBinding() {
        assertInstanceOf(JinitLoggerFactory.class, LoggerFactory.getILoggerFactory(),
                "META-INF/services names the launcher's provider (and slf4j-simple is off this class path)");
        assertInstanceOf(JinitLogger.class, LoggerFactory.getLogger(JinitLoggerTest.class));
    }
}

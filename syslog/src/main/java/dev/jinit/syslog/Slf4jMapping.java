package dev.jinit.syslog;

import dev.jinit.syslog.internal.Utf8Text;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * How a syslog message becomes an event of the application's own SLF4J logging, so that what child processes log
 * reaches the app's appenders. A pure function; {@link Slf4jEvent#emitTo} does the logging.
 *
 * <ul>
 *   <li><b>Logger</b>: {@code <prefix>.<tag>} ({@code syslog.myprog}, {@code syslog.postfix/smtpd}); just the prefix
 *       for a message without a tag. A dotted tag becomes a logger hierarchy, which is what a Java app's tag
 *       usually means.</li>
 *   <li><b>Level</b> (SLF4J has five, syslog eight): emerg, alert, crit, err → ERROR; warning → WARN; notice, info →
 *       INFO; debug → DEBUG. TRACE is never used. The exact severity is kept as a key-value pair.</li>
 *   <li><b>Message</b>: the text, as the file gets it.</li>
 *   <li><b>Key-value pairs</b>, in this order: {@code facility} ({@code daemon}), {@code severity} ({@code err}),
 *       {@code host}, {@code pid} and {@code msgid} when present, {@code timestamp} (the sender's time, ISO-8601 with
 *       offset: the SLF4J event's own time is when it was logged), one {@code sd.<SD-ID>.<PARAM-NAME>} per
 *       structured-data parameter (repeated names repeat), and {@code truncated=true} for a cut message.</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * @param loggerPrefix the logger name prefix; {@value #DEFAULT_PREFIX} by default; not empty
 */
public record Slf4jMapping(String loggerPrefix) {

    /** The default logger name prefix. */
    public static final String DEFAULT_PREFIX = "syslog";

    public Slf4jMapping {
        Objects.requireNonNull(loggerPrefix, "slf4jMapping.loggerPrefix");
        if (loggerPrefix.isEmpty()) {
            throw new IllegalArgumentException("slf4jMapping.loggerPrefix must not be empty");
        }
    }

    /** The mapping with logger names under {@code syslog}. */
    public static Slf4jMapping ofDefaults() {
        return new Slf4jMapping(DEFAULT_PREFIX);
    }

    /** The SLF4J level of a severity (see the class description). */
    public static Level level(Severity severity) {
        return switch (severity) {
            case EMERG, ALERT, CRIT, ERR -> Level.ERROR;
            case WARNING -> Level.WARN;
            case NOTICE, INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
        };
    }

    /** The logger name of a message. */
    public String loggerName(SyslogMessage m) {
        return m.appName().map(tag -> loggerPrefix + "." + Utf8Text.escape(tag)).orElse(loggerPrefix);
    }

    /** The event for a message. */
    public Slf4jEvent map(SyslogMessage m) {
        List<Slf4jEvent.KeyValue> kv = new ArrayList<>(8);
        kv.add(new Slf4jEvent.KeyValue("facility", m.facility().keyword()));
        kv.add(new Slf4jEvent.KeyValue("severity", m.severity().keyword()));
        kv.add(new Slf4jEvent.KeyValue("host", Utf8Text.escape(m.hostname())));
        m.procId().ifPresent(pid -> kv.add(new Slf4jEvent.KeyValue("pid", Utf8Text.escape(pid))));
        m.msgId().ifPresent(id -> kv.add(new Slf4jEvent.KeyValue("msgid", Utf8Text.escape(id))));
        kv.add(new Slf4jEvent.KeyValue("timestamp", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(m.timestamp())));
        for (StructuredData.Element e : m.structuredData().elements()) {
            for (StructuredData.Param p : e.params()) {
                kv.add(new Slf4jEvent.KeyValue("sd." + Utf8Text.escape(e.id()) + "." + Utf8Text.escape(p.name()),
                        Utf8Text.escape(p.value())));
            }
        }
        if (m.has(SyslogMessage.Flag.TRUNCATED)) {
            kv.add(new Slf4jEvent.KeyValue("truncated", "true"));
        }
        return new Slf4jEvent(loggerName(m), level(m.severity()), Utf8Text.escape(m.message()), kv);
    }
}

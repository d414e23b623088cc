package dev.jinit.syslog;

import dev.jinit.syslog.internal.Utf8Text;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The line Debian's rsyslog writes to {@code /var/log/syslog} (its {@code RSYSLOG_TraditionalFileFormat},
 * {@code "%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%"}), which syslog-ng's
 * default file template matches:
 *
 * <pre>
 * Nov 27 23:53:09 vm myprog[15475]: hello 42
 * Nov  5 08:00:01 vm CRON[88]: (root) CMD (run-parts /etc/cron.hourly)
 * Nov 27 23:52:58 vm root: x
 * Nov 27 23:53:09 vm python SysLogHandler msg
 * </pre>
 *
 * <ul>
 *   <li>Timestamp {@code Mmm dd hh:mm:ss}: English month, a single-digit day padded with a space (rsyslog's
 *       {@code formatTimestamp3164}), in this format's zone. RFC 3164 timestamps were read in the parser's zone, so
 *       with the same zone they come out as sent; an RFC 5424 timestamp with another offset is converted, so a file
 *       never mixes zones (rsyslog would print the sender's wall time).</li>
 *   <li>The hostname: the sender's or the local one.</li>
 *   <li>{@code TAG[PID]: }, {@code TAG: } without a pid, nothing without a tag (the text follows the hostname after
 *       one space, as rsyslog prints a message whose first word it took as TAG); {@code [PID]: } for a pid without a
 *       tag, which only code can build. RFC 5424 messages are written the same way, APP-NAME as the tag, PROCID as
 *       the pid (rsyslog would write {@code app[procid]} without the colon).</li>
 *   <li>The text, as is: one space after the colon comes from the format, further spaces from the message.</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * @param zone the zone timestamps are written in; never null
 */
public record TraditionalFormat(ZoneId zone) implements LineFormat {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    public TraditionalFormat {
        Objects.requireNonNull(zone, "traditionalFormat.zone");
    }

    @Override
    public void appendTo(StringBuilder out, SyslogMessage m) {
        appendTimestamp(out, m.timestamp().atZoneSameInstant(zone).toLocalDateTime());
        out.append(' ');
        Utf8Text.appendEscaped(out, m.hostname());
        out.append(' ');
        appendTag(out, m);
        Utf8Text.appendEscaped(out, m.message());
    }

    /** {@code Mmm dd hh:mm:ss}, the day padded with a space. */
    static void appendTimestamp(StringBuilder out, LocalDateTime t) {
        out.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        int day = t.getDayOfMonth();
        out.append(day < 10 ? ' ' : (char) ('0' + day / 10)).append((char) ('0' + day % 10)).append(' ');
        twoDigits(out, t.getHour()).append(':');
        twoDigits(out, t.getMinute()).append(':');
        twoDigits(out, t.getSecond());
    }

    /** {@code TAG[PID]: }, {@code TAG: }, {@code [PID]: } or nothing. */
    static void appendTag(StringBuilder out, SyslogMessage m) {
        if (m.appName().isEmpty() && m.procId().isEmpty()) {
            return;
        }
        m.appName().ifPresent(a -> Utf8Text.appendEscaped(out, a));
        if (m.procId().isPresent()) {
            out.append('[');
            Utf8Text.appendEscaped(out, m.procId().get());
            out.append(']');
        }
        out.append(": ");
    }

    private static StringBuilder twoDigits(StringBuilder out, int n) {
        return out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}

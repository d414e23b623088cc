package dev.jinit.syslog.internal;

import dev.jinit.syslog.Priority;
import dev.jinit.syslog.StructuredData;
import dev.jinit.syslog.SyslogMessage;
import dev.jinit.syslog.SyslogMessage.Flag;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The part of an RFC 3164 message after {@code <PRI>}, as local clients send it: {@code [TIMESTAMP SP] [HOSTNAME SP]
 * [TAG[\[PID\]]: SP] CONTENT}. Never fails: whatever is not recognised stays in the message.
 *
 * <ol>
 *   <li><b>Timestamp</b>: an RFC 3164 one ({@link Rfc3164Timestamp}, year from {@link YearInference}) or an RFC 3339
 *       one, followed by a space or the end. Else the receive time ({@link Flag#NO_TIMESTAMP}).</li>
 *   <li><b>Hostname</b>, only after a timestamp, since local clients leave it out (glibc, logger's default, Perl)
 *       but {@code logger --rfc3164} sends it: the first word is the hostname if it is not itself a tag, is made of
 *       hostname characters ({@code A-Z a-z 0-9 . - _ : %}, at most 255) and the rest starts with a tag. Else the
 *       local host name ({@link Flag#NO_HOSTNAME}).</li>
 *   <li><b>Tag</b>: 1–{@value #MAX_TAG} printable ASCII characters without {@code : [ ]}, then an optional
 *       {@code [PID]} (1–{@value #MAX_PID} printable ASCII characters without {@code [ ]}), then {@code :}. Without
 *       a pid the colon must be followed by a space or the end, so {@code http://host} is not read as tag
 *       {@code http}. One space after the colon is skipped. Python's {@code <12>msg} has no tag.</li>
 * </ol>
 *
 * Stateless and thread-safe. This is an internal class.
 */
public final class Rfc3164Parser {

    /** Longest tag: RFC 5424's APP-NAME limit, so every tag is a valid APP-NAME. */
    public static final int MAX_TAG = 48;
    /** Longest pid: RFC 5424's PROCID limit. */
    public static final int MAX_PID = 128;
    /** Longest hostname: RFC 5424's HOSTNAME limit. */
    public static final int MAX_HOSTNAME = 255;

    private Rfc3164Parser() {
    }

    /** Parses {@code b[p, end)}, which followed a valid PRI. */
    public static SyslogMessage parse(byte[] b, int p, int end, Priority pri, Received rx) {
        EnumSet<Flag> flags = rx.flags();
        int q = p;

        OffsetDateTime timestamp = null;
        Rfc3164Timestamp t = Rfc3164Timestamp.parse(b, q, end);
        if (t != null) {
            timestamp = YearInference.resolve(t, rx.zone(), rx.received());
            if (timestamp != null) {
                q = t.end();
            }
        } else {
            Rfc3339Timestamp r = Rfc3339Timestamp.parse(b, q, end);
            if (r != null && (r.end() == end || b[r.end()] == ' ')) {
                timestamp = r.value();
                q = r.end();
            }
        }
        if (timestamp == null) {
            timestamp = rx.receiveTime();
            flags.add(Flag.NO_TIMESTAMP);
        } else if (q < end) {
            q++; // the space after the timestamp
        }

        String hostname = null;
        if (!flags.contains(Flag.NO_TIMESTAMP)) {
            int wordEnd = hostnameEnd(b, q, end);
            if (wordEnd > q && wordEnd < end && b[wordEnd] == ' ' && tagEnd(b, q, end) < 0
                    && tagEnd(b, wordEnd + 1, end) >= 0) {
                hostname = ascii(b, q, wordEnd);
                q = wordEnd + 1;
            }
        }
        if (hostname == null) {
            hostname = rx.localHost();
            flags.add(Flag.NO_HOSTNAME);
        }

        Optional<String> appName = Optional.empty();
        Optional<String> procId = Optional.empty();
        int afterTag = tagEnd(b, q, end);
        if (afterTag >= 0) {
            int nameEnd = q;
            while (b[nameEnd] != '[' && b[nameEnd] != ':') {
                nameEnd++;
            }
            appName = Optional.of(ascii(b, q, nameEnd));
            if (b[nameEnd] == '[') {
                int pidEnd = nameEnd + 1;
                while (b[pidEnd] != ']') {
                    pidEnd++;
                }
                procId = Optional.of(ascii(b, nameEnd + 1, pidEnd));
            }
            q = afterTag;
        }

        return new SyslogMessage(pri.facility(), pri.severity(), timestamp, hostname, appName, procId,
                Optional.empty(), StructuredData.EMPTY, Utf8Text.decode(b, q, end), flags);
    }

    /**
     * Where the message goes on after a tag at {@code b[p]} (past its colon and one space), or -1 if there is no
     * tag there.
     */
    static int tagEnd(byte[] b, int p, int end) {
        int i = p;
        while (i < end && i - p < MAX_TAG && tagChar(b[i])) {
            i++;
        }
        if (i == p || i >= end) {
            return -1;
        }
        boolean hasPid = false;
        if (b[i] == '[') {
            int pidStart = ++i;
            while (i < end && i - pidStart < MAX_PID && pidChar(b[i])) {
                i++;
            }
            if (i == pidStart || i >= end || b[i] != ']') {
                return -1;
            }
            i++;
            hasPid = true;
        }
        if (i >= end || b[i] != ':') {
            return -1;
        }
        i++;
        if (i == end) {
            return i;
        }
        if (b[i] == ' ') {
            return i + 1;
        }
        return hasPid ? i : -1;
    }

    /** The end of the run of hostname characters at {@code b[p]} (at most {@value #MAX_HOSTNAME}). */
    private static int hostnameEnd(byte[] b, int p, int end) {
        int i = p;
        while (i < end && i - p < MAX_HOSTNAME && hostnameChar(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean tagChar(byte c) {
        return c > ' ' && c < 0x7f && c != ':' && c != '[' && c != ']';
    }

    private static boolean pidChar(byte c) {
        return c > ' ' && c < 0x7f && c != '[' && c != ']';
    }

    private static boolean hostnameChar(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                || c == '_' || c == ':' || c == '%';
    }

    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }
}

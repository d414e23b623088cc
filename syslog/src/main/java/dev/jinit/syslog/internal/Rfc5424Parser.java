package dev.jinit.syslog.internal;

import dev.jinit.syslog.Priority;
import dev.jinit.syslog.StructuredData;
import dev.jinit.syslog.SyslogMessage;
import dev.jinit.syslog.SyslogMessage.Flag;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The part of an RFC 5424 message after {@code <PRI>}: {@code 1 SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP
 * MSGID SP STRUCTURED-DATA [SP MSG]}, as {@code logger --rfc5424} sends it.
 *
 * <p>Strict about the header, because the caller falls back to {@link Rfc3164Parser} (which keeps everything as
 * text) when this returns null: header fields are 1–255/48/128/32 printable ASCII characters or {@code -}; the
 * timestamp is {@code -} or RFC 3339 ({@link Rfc3339Timestamp}); STRUCTURED-DATA is {@code -} or elements whose
 * SD-ID and PARAM-NAME are 1–32 printable ASCII characters without {@code = ] "} and space. Lenient where RFC 5424
 * is and where senders slip: in a PARAM-VALUE a backslash escapes only {@code " \ ]} and is kept before anything
 * else, and an unescaped {@code ]} is taken as part of the value. A UTF-8 BOM at the start of MSG is dropped.
 * Stateless and thread-safe. This is an internal class.
 */
public final class Rfc5424Parser {

    static final int MAX_HOSTNAME = 255;
    static final int MAX_APP_NAME = 48;
    static final int MAX_PROCID = 128;
    static final int MAX_MSGID = 32;
    static final int MAX_SD_NAME = 32;

    private Rfc5424Parser() {
    }

    /**
     * Parses {@code b[p, end)}, which followed a valid PRI and starts with {@code "1 "}; null if it is not a
     * well-formed RFC 5424 message.
     */
    public static SyslogMessage parse(byte[] b, int p, int end, Priority pri, Received rx) {
        return new Rfc5424Parser.Run(b, end).message(p + 2, pri, rx);
    }

    /** One parse: the bytes and a position. */
    private static final class Run {
        private final byte[] b;
        private final int end;
        private int q;

        Run(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        SyslogMessage message(int start, Priority pri, Received rx) {
            q = start;
            EnumSet<Flag> flags = rx.flags();
            flags.add(Flag.RFC5424);

            OffsetDateTime timestamp;
            if (nil()) {
                timestamp = rx.receiveTime();
                flags.add(Flag.NO_TIMESTAMP);
            } else {
                Rfc3339Timestamp t = Rfc3339Timestamp.parse(b, q, end);
                if (t == null) {
                    return null;
                }
                timestamp = t.value();
                q = t.end();
            }
            if (!space()) {
                return null;
            }
            String hostname = field(MAX_HOSTNAME);
            String appName = hostname == null ? null : field(MAX_APP_NAME);
            String procId = appName == null ? null : field(MAX_PROCID);
            String msgId = procId == null ? null : field(MAX_MSGID);
            if (msgId == null) {
                return null;
            }
            StructuredData sd = structuredData();
            if (sd == null) {
                return null;
            }
            String text;
            if (q == end) {
                text = "";
            } else if (b[q] == ' ') {
                q++;
                if (end - q >= 3 && b[q] == (byte) 0xef && b[q + 1] == (byte) 0xbb && b[q + 2] == (byte) 0xbf) {
                    q += 3;
                }
                text = Utf8Text.decode(b, q, end);
            } else {
                return null;
            }
            if (hostname.equals("-")) {
                hostname = rx.localHost();
                flags.add(Flag.NO_HOSTNAME);
            }
            return new SyslogMessage(pri.facility(), pri.severity(), timestamp, hostname, orNil(appName),
                    orNil(procId), orNil(msgId), sd, text, flags);
        }

        /** A NILVALUE followed by a space or the end; consumes the {@code -}. */
        private boolean nil() {
            if (q < end && b[q] == '-' && (q + 1 == end || b[q + 1] == ' ')) {
                q++;
                return true;
            }
            return false;
        }

        private boolean space() {
            if (q < end && b[q] == ' ') {
                q++;
                return true;
            }
            return false;
        }

        /** A header field of 1–max printable ASCII characters and the space after it; null if malformed. */
        private String field(int max) {
            int start = q;
            while (q < end && q - start < max && b[q] > ' ' && b[q] < 0x7f) {
                q++;
            }
            if (q == start || !space()) {
                return null;
            }
            return Rfc3164Parser.ascii(b, start, q - 1);
        }

        /** STRUCTURED-DATA at q; null if malformed. */
        private StructuredData structuredData() {
            if (nil()) {
                return StructuredData.EMPTY;
            }
            if (q >= end || b[q] != '[') {
                return null;
            }
            List<StructuredData.Element> elements = new ArrayList<>(2);
            while (q < end && b[q] == '[') {
                q++;
                String id = sdName();
                if (id == null) {
                    return null;
                }
                List<StructuredData.Param> params = new ArrayList<>(4);
                while (true) {
                    if (q >= end) {
                        return null;
                    }
                    if (b[q] == ']') {
                        q++;
                        break;
                    }
                    if (b[q] != ' ') {
                        return null;
                    }
                    q++;
                    String name = sdName();
                    if (name == null || q + 1 >= end || b[q] != '=' || b[q + 1] != '"') {
                        return null;
                    }
                    q += 2;
                    String value = paramValue();
                    if (value == null) {
                        return null;
                    }
                    params.add(new StructuredData.Param(name, value));
                }
                elements.add(new StructuredData.Element(id, params));
            }
            return new StructuredData(elements);
        }

        private String sdName() {
            int start = q;
            while (q < end && q - start < MAX_SD_NAME && sdNameChar(b[q])) {
                q++;
            }
            if (q == start || (q < end && sdNameChar(b[q]))) {
                return null;
            }
            return Rfc3164Parser.ascii(b, start, q);
        }

        /** A PARAM-VALUE after its opening quote, through the closing one; null if unterminated. */
        private String paramValue() {
            byte[] value = null; // only when there is an escape to resolve
            int n = 0;
            int start = q;
            while (q < end && b[q] != '"') {
                if (b[q] == '\\' && q + 1 < end && (b[q + 1] == '"' || b[q + 1] == '\\' || b[q + 1] == ']')) {
                    if (value == null) {
                        value = new byte[end - start];
                        System.arraycopy(b, start, value, 0, q - start);
                        n = q - start;
                    }
                    value[n++] = b[q + 1];
                    q += 2;
                } else {
                    if (value != null) {
                        value[n++] = b[q];
                    }
                    q++;
                }
            }
            if (q >= end) {
                return null;
            }
            String s = value == null ? Utf8Text.decode(b, start, q) : Utf8Text.decode(value, 0, n);
            q++; // the closing quote
            return s;
        }

        private static boolean sdNameChar(byte c) {
            return c > ' ' && c < 0x7f && c != '=' && c != ']' && c != '"';
        }

        private static Optional<String> orNil(String field) {
            return field.equals("-") ? Optional.empty() : Optional.of(field);
        }
    }
}

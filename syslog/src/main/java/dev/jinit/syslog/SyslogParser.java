package dev.jinit.syslog;

import dev.jinit.syslog.internal.Received;
import dev.jinit.syslog.internal.Rfc3164Parser;
import dev.jinit.syslog.internal.Rfc5424Parser;
import dev.jinit.syslog.internal.Utf8Text;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads one syslog datagram into a {@link SyslogMessage}: what glibc's {@code syslog(3)}, util-linux {@code logger}
 * (default, {@code --rfc3164}, {@code --rfc5424}), Python's {@code SysLogHandler}, Perl's {@code Sys::Syslog}, musl
 * and Go send to {@code /dev/log}.
 *
 * <p>Never throws on its input and never drops it: any bytes give exactly one message. In order:
 * <ol>
 *   <li>Trailing NUL, LF and CR bytes are stripped (Python ends with NUL, Perl with LF NUL, musl and Go with LF).</li>
 *   <li>What is longer than {@link ParserConfig#maxMessageBytes()} is cut there (a few bytes earlier rather than
 *       inside a UTF-8 character) and marked {@link SyslogMessage.Flag#TRUNCATED}.</li>
 *   <li>{@code <PRI>}: {@code <}, 1–3 digits, {@code >}, at most 191. Without one the whole datagram is the message,
 *       as user.notice ({@link SyslogMessage.Flag#UNPARSED}); so is an empty datagram.</li>
 *   <li>{@code 1 } after PRI: RFC 5424, if the rest is well-formed ({@link SyslogMessage.Flag#RFC5424}).</li>
 *   <li>Otherwise RFC 3164 as local clients send it: optional timestamp (year inferred), hostname only when followed
 *       by a tag, optional {@code TAG[PID]:}, then the text.</li>
 * </ol>
 * Control characters and bytes that are not UTF-8 are escaped, {@code #} and three octal digits per byte as
 * rsyslog does ({@code #012} for LF), so every text field is one valid UTF-8 line. The module's README has the
 * complete rules. Immutable and thread-safe.
 */
public final class SyslogParser {

    private final ParserConfig config;

    private SyslogParser(ParserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A parser with this configuration. */
    public static SyslogParser of(ParserConfig config) {
        return new SyslogParser(config);
    }

    /** The configuration. */
    public ParserConfig config() {
        return config;
    }

    /**
     * Parses the first {@code length} bytes of {@code datagram}.
     *
     * @param received when it was received: the timestamp of a message without one, and the reference for RFC 3164
     *                 year inference; the caller reads it from its injected clock
     * @throws IndexOutOfBoundsException if {@code length} is outside the array (a caller's bug, not bad input)
     */
    public SyslogMessage parse(byte[] datagram, int length, Instant received) {
        return parse(datagram, 0, length, received);
    }

    /**
     * Parses {@code buffer[offset, offset + length)}: one message of a stream read, say.
     *
     * @see #parse(byte[], int, Instant)
     */
    public SyslogMessage parse(byte[] buffer, int offset, int length, Instant received) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        Objects.requireNonNull(received, "received");
        int start = offset;
        int end = offset + length;
        while (end > start && (buffer[end - 1] == 0 || buffer[end - 1] == '\n' || buffer[end - 1] == '\r')) {
            end--;
        }
        boolean truncated = end - start > config.maxMessageBytes();
        if (truncated) {
            end = Utf8Text.cutPoint(buffer, start, end, config.maxMessageBytes());
        }
        Received rx = new Received(received, config.localHost(), config.zone(), truncated);

        int pri = pri(buffer, start, end);
        if (pri < 0) {
            return rx.unparsed(buffer, start, end);
        }
        Priority priority = Priority.decode(pri >> 2);
        int p = start + 2 + (pri & 3); // '<', the digits, '>'
        if (end - p >= 2 && buffer[p] == '1' && buffer[p + 1] == ' ') {
            SyslogMessage m = Rfc5424Parser.parse(buffer, p, end, priority, rx);
            if (m != null) {
                return m;
            }
        }
        return Rfc3164Parser.parse(buffer, p, end, priority, rx);
    }

    /**
     * The PRI at {@code b[start]}: its value shifted left by 2, plus its number of digits (1–3); -1 if there is no
     * valid one.
     */
    private static int pri(byte[] b, int start, int end) {
        if (end - start < 3 || b[start] != '<') {
            return -1;
        }
        int value = 0;
        int i = start + 1;
        while (i < end && i - start <= 3 && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 + (b[i] - '0');
            i++;
        }
        int digits = i - start - 1;
        if (digits == 0 || i >= end || b[i] != '>' || value > Priority.MAX_VALUE) {
            return -1;
        }
        return value << 2 | digits;
    }
}

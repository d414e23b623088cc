package dev.jinit.syslog.internal;

import dev.jinit.syslog.LineFormat;
import dev.jinit.syslog.SyslogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines formatted and encoded as UTF-8, waiting to be written: one growing byte array, reused for every batch. A line
 * is formatted into a reused {@code StringBuilder} and encoded straight into the array (ASCII, nearly every syslog
 * line, byte by byte; anything else through the JDK's encoder), so writing a line allocates nothing but what the
 * format itself does. The array comes with the first line and grows from 4 KiB: of the ten files and stdout that
 * my_init's syslog writes, most never get a line, and 64 KiB each up front were 0.6 MB of a start-up's 2 MB young
 * generation, and of the idle heap. Not thread-safe. This is an internal class.
 */
final class LineBuffer {
    private static final int INITIAL = 4 * 1024;
    private static final byte[] NONE = new byte[0];
    private final StringBuilder line = new StringBuilder(256);
    private byte[] bytes = NONE;
    private int length;

    /** Formats {@code m} into a line with its LF at the end of the buffer; returns how many bytes it took. */
    int append(LineFormat format, SyslogMessage m) {
        line.setLength(0);
        format.appendTo(line, m);
        line.append('\n');
        int n = line.length();
        ensure(n);
        int start = length;
        int at = length;
        byte[] b = bytes;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                length = at;
                appendEncoded(line.substring(i));
                return length - start;
            }
            b[at++] = (byte) c;
        }
        length = at;
        return n;
    }

    private void appendEncoded(String rest) {
        byte[] e = rest.getBytes(StandardCharsets.UTF_8);
        ensure(e.length);
        System.arraycopy(e, 0, bytes, length, e.length);
        length += e.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(Math.max(bytes.length * 2, INITIAL), length + more));
        }
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Drops the first {@code n} bytes (written), keeping what follows at the start. */
    void dropFirst(int n) {
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
    }

    void clear() {
        length = 0;
        if (bytes.length > 1024 * 1024) {
            bytes = NONE; // give back what a burst of huge messages took
        }
    }
}

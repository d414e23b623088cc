package dev.jinit.syslog.internal;

import dev.jinit.syslog.LineFormat;
import dev.jinit.syslog.SyslogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Lines formatted and encoded as UTF-8, waiting to be written. Not thread-safe. This is an internal class. */
final class LineBuffer {
    private final StringBuilder line = new StringBuilder(256);
    private byte[] bytes = new byte[64 * 1024];
    private int length;

    /** Formats {@code m} into a line with its LF and returns it encoded. */
    byte[] encode(LineFormat format, SyslogMessage m) {
        line.setLength(0);
        format.appendTo(line, m);
        line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    void add(byte[] b) {
        if (length + b.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + b.length));
        }
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
        if (bytes.length > 1024 * 1024) {
            bytes = new byte[64 * 1024]; // give back what a burst of huge messages took
        }
    }
}

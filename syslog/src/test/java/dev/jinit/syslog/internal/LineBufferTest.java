package dev.jinit.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.syslog.LineFormat;
import dev.jinit.syslog.Priority;
import dev.jinit.syslog.SyslogMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LineBufferTest {
    private static final SyslogMessage M = SyslogMessage.of(Priority.DEFAULT,
            OffsetDateTime.parse("2026-11-29T00:00:00Z"), "host", "app", "ignored");

    /** A format that prints a given text, whatever the message. */
    private static LineFormat text(String s) {
        return (out, m) -> out.append(s);
    }

    @Property(tries = 200)
    void theBytesAreTheLinesInUtf8EachEndedByALineFeed(
            @ForAll @Size(max = 40) List<@StringLength(max = 3000) String> lines) {
        LineBuffer b = new LineBuffer();
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (String l : lines) {
            byte[] e = (l + "\n").getBytes(StandardCharsets.UTF_8);
            assertEquals(e.length, b.append(text(l), M));
            want.write(e, 0, e.length);
        }
        assertEquals(want.size(), b.length());
        assertArrayEquals(want.toByteArray(), Arrays.copyOf(b.array(), b.length()));
    }

    /** Most of syslog's files never get a line: no array until the first. */
    @Test
    void noArrayBeforeTheFirstLineAndASmallOneAfterIt() {
        LineBuffer b = new LineBuffer();
        assertEquals(0, b.array().length);
        b.append(text("hello"), M);
        assertTrue(b.array().length <= 4096, "grows from 4 KiB: " + b.array().length);
        b.dropFirst(2);
        assertEquals("llo\n", new String(b.array(), 0, b.length(), StandardCharsets.US_ASCII));
    }

    @Test
    void aHugeBurstIsGivenBackAtTheClear() {
        LineBuffer b = new LineBuffer();
        String big = "x".repeat(700_000);
        b.append(text(big), M);
        b.append(text(big), M);
        assertTrue(b.array().length > 1024 * 1024);
        b.clear();
        assertEquals(0, b.length());
        assertEquals(0, b.array().length);
        b.append(text("again"), M);
        assertEquals("again\n", new String(b.array(), 0, b.length(), StandardCharsets.US_ASCII));
    }
}

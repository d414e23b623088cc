package dev.jinit.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test vectors' plumbing: the capture's receiver (host {@code vm}, TZ UTC) and bytes from Python-repr-like text. */
final class Datagrams {
    /** When the captures of the spec's table B1 arrived, give or take a second. */
    static final Instant RECEIVED = Instant.parse("2026-11-27T23:53:10Z");
    static final SyslogParser PARSER = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneOffset.UTC).build());

    private Datagrams() {
    }

    /** One byte per char (chars 0-255), as the spec's {@code b'…'} reprs denote bytes. */
    static byte[] bytes(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) > 0xff) {
                throw new IllegalArgumentException("not a byte at " + i + ": " + latin1);
            }
        }
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static SyslogMessage parse(byte[] datagram) {
        return PARSER.parse(datagram, datagram.length, RECEIVED);
    }

    static SyslogMessage parse(String latin1) {
        return parse(bytes(latin1));
    }

    /** Whether s holds a C0, DEL or C1 control character or an unpaired surrogate. */
    static boolean breaksALine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}

package dev.jinit.supervisor.runit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The 20-byte status file, the stat text and the pid text against the rows runit-supervise.md (A2) observed from
 * Debian's runit 2.1.2. The hex is copied from the spec's table.
 */
class StatusFileTest {

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            running (want up)          | 40000000 6b0a19bd 2764f40c b8640000 00 75 00 01 | 25784 | false | UP   | false | RUN    | run
            paused                     | 40000000 6b0a19bd 2764f40c b8640000 01 75 00 01 | 25784 | true  | UP   | false | RUN    | run, paused
            running, after once        | 40000000 6b0a19bd 2764f40c b8640000 00 64 00 01 | 25784 | false | DOWN | false | RUN    | run, want down
            want down, TERM ignored    | 40000000 6b0a19bf 24add2ec 25660000 00 64 01 01 | 26149 | false | DOWN | true  | RUN    | run, got TERM, want down
            want exit, TERM ignored    | 40000000 6b0a19bf 24add2ec 25660000 00 64 01 01 | 26149 | false | EXIT | true  | RUN    | run, got TERM, want exit
            finish running (want down) | 40000000 6b0a19c2 0f4d1b4c ec6c0000 00 64 00 02 | 27884 | false | DOWN | false | FINISH | finish, want down
            down                       | 40000000 6b0a19c5 2d91756c 00000000 00 64 00 00 | 0     | false | DOWN | false | DOWN   | down
            """)
    void encodesEveryObservedRowByteForByteAndWritesItsStatText(String row, String hex, long pid, boolean paused,
                                                                 Want want, boolean term, RunState state, String stat) {
        byte[] bytes = hex(hex);
        SuperviseStatus decoded = StatusFile.decode(bytes);
        assertEquals(pid, decoded.pid());
        assertEquals(paused, decoded.paused());
        assertEquals(want == Want.EXIT ? Want.DOWN : want, decoded.want(), "the file cannot tell exit from down");
        assertEquals(term, decoded.termSent());
        assertEquals(state, decoded.state());
        assertEquals(500, decoded.stamp().getNano() % 1000, "runsv writes usec*1000+500");

        SuperviseStatus status = new SuperviseStatus(decoded.stamp(), pid, paused, want, term, state);
        assertArrayEquals(bytes, StatusFile.encode(status));
        assertEquals(stat + "\n", StatFile.text(status));
    }

    @Test
    void decodesTheLabelWithLibtaisTenSecondOffset() {
        // 0x400000006b0a19bd is 2^62 + 10 + 1795824051 (the spec's note names the label's low word, 1795824061).
        SuperviseStatus s = StatusFile.decode(hex("40000000 6b0a19bd 2764f40c b8640000 00 75 00 01"));
        assertEquals(Instant.ofEpochSecond(1795824051L, 660927500), s.stamp());
        assertEquals(0x400000006b0a19bdL, Tai64n.label(s.stamp()));
    }

    @Test
    void runsvStampKeepsMicrosecondsAndAdds500Nanoseconds() {
        assertEquals(Instant.ofEpochSecond(7, 123456500), Tai64n.runsvStamp(Instant.ofEpochSecond(7, 123456789)));
        assertEquals(Instant.ofEpochSecond(7, 500), Tai64n.runsvStamp(Instant.ofEpochSecond(7)));
    }

    @Test
    void writesThePidLittleEndianInBytes12To15() {
        byte[] b = StatusFile.encode(new SuperviseStatus(Instant.EPOCH, 0x12345678L, false, Want.UP, false,
                RunState.RUN));
        assertEquals("78563412", HexFormat.of().formatHex(b, 12, 16));
        assertEquals("400000000000000a", HexFormat.of().formatHex(b, 0, 8), "the epoch is label 2^62 + 10");
    }

    @Test
    void pidFileHoldsThePidAndANewlineOrNothing() {
        assertEquals("25784\n", PidFile.text(25784));
        assertEquals("", PidFile.text(0));
    }

    @Test
    void statShowsWantOnlyWhenNotDownAndFlagsInRunsvsOrder() {
        Instant t = Instant.EPOCH;
        assertEquals("down, paused, got TERM\n",
                StatFile.text(new SuperviseStatus(t, 0, true, Want.EXIT, true, RunState.DOWN)));
        assertEquals("finish, paused, want exit\n",
                StatFile.text(new SuperviseStatus(t, 9, true, Want.EXIT, false, RunState.FINISH)));
        assertEquals("run\n", StatFile.text(new SuperviseStatus(t, 9, false, Want.UP, false, RunState.RUN)));
        assertEquals("down\n", StatFile.text(new SuperviseStatus(t, 0, false, Want.UP, false, RunState.DOWN)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            19 bytes                 | 40000000 6b0a19bd 2764f40c b8640000 00 75 00       | must be 20 bytes
            state byte 3             | 40000000 6b0a19bd 2764f40c b8640000 00 75 00 03    | byte 19 (state must be 0 (down), 1 (run) or 2 (finish), but was 3)
            want byte 'x'            | 40000000 6b0a19bd 2764f40c b8640000 00 78 00 01    | byte 17 (want) must be 'u' or 'd', but was 0x78
            paused byte 2            | 40000000 6b0a19bd 2764f40c b8640000 02 75 00 01    | byte 16 (paused) must be 0 or 1, but was 2
            term byte 255            | 40000000 6b0a19bd 2764f40c b8640000 00 75 ff 01    | byte 18 (TERM sent) must be 0 or 1, but was 255
            nanoseconds 10^9         | 40000000 6b0a19bd 3b9aca00 b8640000 00 75 00 01    | bytes 8-11 (nanoseconds) must be 0-999999999, but were 1000000000
            label beyond Instant.MAX | ffffffff ffffffff 00000000 00000000 00 75 00 01    | bytes 0-7 (TAI64 label)
            """)
    void strictDecodeRejectsWhatRunsvNeverWritesNamingTheByte(String what, String hex, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatusFile.decode(hex(hex)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}

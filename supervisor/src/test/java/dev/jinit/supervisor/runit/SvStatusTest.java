package dev.jinit.supervisor.runit;

import static dev.jinit.supervisor.runit.StatusFileTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sv status} lines against the spec's observations (A2, A6) and sv.c's svstatus_print rules. */
class SvStatusTest {

    /** Unix second of the label in the first rows of the spec's table (0x400000006b0a19bd − 2^62 − 10). */
    private static final long T = 1795824051L;

    private static Instant at(long unixSecond) {
        return Instant.ofEpochSecond(unixSecond, 999_999_999); // sv ignores the fraction
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            running (want up)          | 40000000 6b0a19bd 2764f40c b8640000 00 75 00 01 | 1 | run: D: (pid 25784) 1s
            paused                     | 40000000 6b0a19bd 2764f40c b8640000 01 75 00 01 | 2 | run: D: (pid 25784) 2s, paused
            running, after once        | 40000000 6b0a19bd 2764f40c b8640000 00 64 00 01 | 2 | run: D: (pid 25784) 2s, want down
            want down, TERM ignored    | 40000000 6b0a19bf 24add2ec 25660000 00 64 01 01 | 4 | run: D: (pid 26149) 2s, want down, got TERM
            want exit, TERM ignored    | 40000000 6b0a19bf 24add2ec 25660000 00 64 01 01 | 5 | run: D: (pid 26149) 3s, want down, got TERM
            finish running (want down) | 40000000 6b0a19c2 0f4d1b4c ec6c0000 00 64 00 02 | 7 | finish: D: (pid 27884) 2s, want down
            down                       | 40000000 6b0a19c5 2d91756c 00000000 00 64 00 00 | 9 | down: D: 1s, normally up
            """)
    void printsEveryObservedRowAsSvDid(String row, String hex, long secondsAfterT, String expected) {
        assertEquals(expected + "\n",
                SvStatus.output("D", new SvStatus.Part(hex(hex), false), Optional.empty(), at(T + secondsAfterT)));
    }

    private static SvStatus.Part part(long pid, boolean paused, Want want, boolean term, RunState state,
                                      long unixSecond, boolean downFile) {
        return new SvStatus.Part(StatusFile.encode(new SuperviseStatus(Instant.ofEpochSecond(unixSecond, 500), pid,
                paused, want, term, state)), downFile);
    }

    @Test
    void appendsTheLogServiceAfterASemicolonAsInTheSpecsExample() {
        String out = SvStatus.output("/srv/demo", part(9591, false, Want.UP, false, RunState.RUN, T, false),
                Optional.of(part(9590, false, Want.UP, false, RunState.RUN, T, false)), at(T + 7));
        assertEquals("run: /srv/demo: (pid 9591) 7s; run: log: (pid 9590) 7s\n", out);
    }

    @Test
    void saysNormallyDownOnlyWithAPidAndADownFile() {
        assertEquals("run: D: (pid 5) 0s, normally down",
                SvStatus.describe("D", part(5, false, Want.UP, false, RunState.RUN, T, true), at(T)));
        assertEquals("down: D: 0s",
                SvStatus.describe("D", part(0, false, Want.DOWN, false, RunState.DOWN, T, true), at(T)));
    }

    @Test
    void saysWantUpOnlyWithoutAPid() {
        assertEquals("down: D: 3s, normally up, want up",
                SvStatus.describe("D", part(0, false, Want.UP, false, RunState.DOWN, T, false), at(T + 3)));
    }

    @Test
    void hidesPausedWantDownAndGotTermWithoutAPid() {
        assertEquals("down: D: 3s, normally up",
                SvStatus.describe("D", part(0, true, Want.DOWN, true, RunState.DOWN, T, false), at(T + 3)));
    }

    @Test
    void printsAllFlagsInSvsOrder() {
        assertEquals("run: D: (pid 7) 0s, normally down, paused, want down, got TERM",
                SvStatus.describe("D", part(7, true, Want.DOWN, true, RunState.RUN, T, true), at(T)));
    }

    @Test
    void showsZeroSecondsForAStampInTheFuture() {
        assertEquals("run: D: (pid 7) 0s",
                SvStatus.describe("D", part(7, false, Want.UP, false, RunState.RUN, T + 100, false), at(T)));
    }

    @Test
    void readsOddBytesLenientlyLikeSv() {
        byte[] b = hex("40000000 6b0a19bd 00000000 07000080 05 75 09 07");
        // state 7: no "STATE: " word but a pid; pid bytes 07 00 00 80 make a negative C int printed unsigned;
        // flags are tested for non-zero.
        assertEquals("D: (pid 18446744071562067975) 1s, paused, got TERM",
                SvStatus.describe("D", new SvStatus.Part(b, false), at(T + 1)));
    }

    @Test
    void refusesAStatusThatIsNot20BytesAsSvDoes() {
        assertThrows(IllegalArgumentException.class, () -> new SvStatus.Part(new byte[19], false));
    }
}

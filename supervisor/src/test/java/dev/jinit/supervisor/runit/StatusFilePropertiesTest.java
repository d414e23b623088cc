package dev.jinit.supervisor.runit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Laws of the status file codec. */
class StatusFilePropertiesTest {

    @Provide
    Arbitrary<SuperviseStatus> statuses() {
        Arbitrary<Instant> stamps = Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        return Combinators.combine(stamps, Arbitraries.longs().between(0, SuperviseStatus.MAX_PID),
                        Arbitraries.of(true, false), Arbitraries.of(Want.UP, Want.DOWN), Arbitraries.of(true, false),
                        Arbitraries.of(RunState.class))
                .as(SuperviseStatus::new);
    }

    @Property
    void decodingAnEncodedStatusGivesItBack(@ForAll("statuses") SuperviseStatus s) {
        assertEquals(s, StatusFile.decode(StatusFile.encode(s)));
    }

    @Property
    void encodingADecodedFileGivesTheSameBytes(@ForAll("statuses") SuperviseStatus s) {
        byte[] bytes = StatusFile.encode(s);
        assertArrayEquals(bytes, StatusFile.encode(StatusFile.decode(bytes)));
    }

    @Property
    void wantExitIsWrittenExactlyAsWantDown(@ForAll("statuses") SuperviseStatus s) {
        SuperviseStatus down = new SuperviseStatus(s.stamp(), s.pid(), s.paused(), Want.DOWN, s.termSent(), s.state());
        SuperviseStatus exit = new SuperviseStatus(s.stamp(), s.pid(), s.paused(), Want.EXIT, s.termSent(), s.state());
        assertArrayEquals(StatusFile.encode(down), StatusFile.encode(exit));
    }

    @Property
    void svReadsThePidAndSecondsTheEncoderWrote(@ForAll("statuses") SuperviseStatus s,
                                                @ForAll @LongRange(min = 0, max = 1_000_000) long age) {
        // sv prints (pid N) for any state but 0, and its age in whole seconds of the label.
        String line = SvStatus.describe("x", new SvStatus.Part(StatusFile.encode(s), false),
                Instant.ofEpochSecond(Math.min(s.stamp().getEpochSecond() + age, Instant.MAX.getEpochSecond())));
        long expectedAge = Math.min(s.stamp().getEpochSecond() + age, Instant.MAX.getEpochSecond())
                - s.stamp().getEpochSecond();
        String pidPart = s.state() == RunState.DOWN ? "" : "(pid " + signExtendedUnsigned(s.pid()) + ") ";
        String expectedStart = (s.state().word()) + ": x: " + pidPart + expectedAge + "s";
        assertEquals(expectedStart, line.substring(0, Math.min(line.length(), expectedStart.length())));
    }

    private static String signExtendedUnsigned(long pid) {
        return Long.toUnsignedString((int) pid);
    }
}

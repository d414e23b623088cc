package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The year (and zone) an RFC 3164 timestamp gets, through the parser. */
class YearInferenceTest {

    private static OffsetDateTime timestampOf(String ts, String received, ZoneId zone) {
        SyslogParser parser = SyslogParser.of(ParserConfig.builder("vm").zone(zone).build());
        byte[] d = Datagrams.bytes("<13>" + ts + " t: m");
        return parser.parse(d, d.length, Instant.parse(received)).timestamp();
    }

    @ParameterizedTest(name = "{0} received {1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "Nov 27 23:53:09|2026-11-27T23:53:10Z|2026-11-27T23:53:09Z",
        "Dec 31 23:59:59|2027-01-01T00:00:05Z|2026-12-31T23:59:59Z",
        "Jan  1 00:00:01|2026-12-31T23:59:58Z|2027-01-01T00:00:01Z",
        "Jan  1 00:00:00|2026-07-01T00:00:00Z|2026-01-01T00:00:00Z",
        "Dec 31 00:00:00|2026-07-01T00:00:00Z|2025-12-31T00:00:00Z",
        "Jun 30 12:00:00|2026-01-01T00:00:00Z|2026-06-30T12:00:00Z",
        "Jul  3 12:00:00|2026-01-01T00:00:00Z|2025-07-03T12:00:00Z",
        "Feb 29 12:00:00|2025-01-15T00:00:00Z|2024-02-29T12:00:00Z",
        "Feb 29 12:00:00|2027-06-01T00:00:00Z|2028-02-29T12:00:00Z",
        "Feb 29 12:00:00|2099-06-01T00:00:00Z|2096-02-29T12:00:00Z",
        "Feb 29 12:00:00|2100-12-01T00:00:00Z|2104-02-29T12:00:00Z"})
    void theYearIsTheOneNearestTheReceiveTime(String ts, String received, String expected) {
        assertEquals(OffsetDateTime.parse(expected), timestampOf(ts, received, ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0} in Europe/Berlin → {2}")
    @CsvSource(delimiter = '|', value = {
        "Mar 29 02:30:00|2026-03-29T12:00:00Z|2026-03-29T03:30:00+02:00",
        "Oct 25 02:30:00|2026-10-25T12:00:00Z|2026-10-25T02:30:00+02:00",
        "Jan 15 08:00:00|2026-01-15T12:00:00Z|2026-01-15T08:00:00+01:00"})
    void localTimeInAGapMovesForwardAndInAnOverlapTakesTheEarlierOffset(String ts, String received,
                                                                          String expected) {
        assertEquals(OffsetDateTime.parse(expected), timestampOf(ts, received, ZoneId.of("Europe/Berlin")));
    }

    @ParameterizedTest(name = "received {1}: the year of {0} is reckoned in the zone")
    @CsvSource(delimiter = '|', value = {
        // 23:30 UTC on Dec 31 is already Jan 1 in Tokyo: "Jan  1 08:29:00" there is minutes old, not a year ahead.
        "Jan  1 08:29:00|2026-12-31T23:30:00Z|2027-01-01T08:29:00+09:00"})
    void theReceiveYearIsTakenInTheConfiguredZone(String ts, String received, String expected) {
        assertEquals(OffsetDateTime.parse(expected), timestampOf(ts, received, ZoneId.of("Asia/Tokyo")));
    }

    @Property
    void aTimestampWithinHalfAYearOfTheReceiveTimeGetsItsOwnYearBack(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long receivedSecond,
            @ForAll @IntRange(min = -182 * 86400, max = 182 * 86400) int offsetSeconds,
            @ForAll @IntRange(min = -12, max = 14) int zoneHours) {
        ZoneOffset zone = ZoneOffset.ofHours(zoneHours);
        Instant received = Instant.ofEpochSecond(receivedSecond);
        OffsetDateTime sent = received.plusSeconds(offsetSeconds).atOffset(zone);
        String ts = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US).format(sent);
        assertEquals(sent, timestampOf(ts, received.toString(), zone));
    }

    @Property
    void theInferredTimestampIsNeverMoreThanAboutAYearAndAHalfAway(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long receivedSecond,
            @ForAll @IntRange(min = 1, max = 12) int month, @ForAll @IntRange(min = 1, max = 28) int day) {
        Instant received = Instant.ofEpochSecond(receivedSecond);
        String ts = String.format(Locale.US, "%s %2d 12:00:00",
                java.time.Month.of(month).getDisplayName(java.time.format.TextStyle.SHORT, Locale.US), day);
        OffsetDateTime t = timestampOf(ts, received.toString(), ZoneOffset.UTC);
        assertTrue(Duration.between(t.toInstant(), received).abs().compareTo(Duration.ofDays(184)) <= 0,
                () -> ts + " received " + received + " gave " + t);
    }
}

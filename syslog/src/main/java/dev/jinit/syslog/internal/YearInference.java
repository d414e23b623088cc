package dev.jinit.syslog.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Gives an RFC 3164 timestamp, which has no year and no zone, both.
 *
 * <p>The zone is the receiver's: glibc writes local time, and a container's processes share its zone (musl writes
 * UTC, so musl clients in a non-UTC container come out shifted; RFC 3164 leaves no way to tell). A local time that
 * falls in a DST gap is moved forward by the gap, one that falls in an overlap takes the earlier offset
 * ({@link ZonedDateTime#of(LocalDateTime, ZoneId)}).
 *
 * <p>The year is the one that puts the timestamp nearest the receive time, of the receive year (in that zone) and
 * the years before and after; on a tie the earlier. So {@code Dec 31 23:59:59} received on Jan 1 is last year's and
 * {@code Jan 1 00:00:00} received on Dec 31 next year's (a sender whose clock is a little ahead). A timestamp within
 * half a year of the receive time always gets its own year back. {@code Feb 29} takes the nearest leap year, up to 8
 * years away (2100 is not a leap year). Stateless and thread-safe. This is an internal class.
 */
public final class YearInference {
    private YearInference() {
    }

    /**
     * The timestamp {@code t} stands for when received at {@code received}, or null if no year within 8 of the
     * receive year has that date (a {@code Feb 31}, which {@link Rfc3164Timestamp} lets through).
     */
    public static OffsetDateTime resolve(Rfc3164Timestamp t, ZoneId zone, Instant received) {
        int year = received.atZone(zone).getYear();
        // The nearest candidate is always within a year of the receive year, except for Feb 29.
        OffsetDateTime best = nearest(t, zone, received, year - 1, year + 1);
        if (best == null && t.month() == 2 && t.day() == 29) {
            best = nearest(t, zone, received, year - 8, year + 8);
        }
        return best;
    }

    private static OffsetDateTime nearest(Rfc3164Timestamp t, ZoneId zone, Instant received, int fromYear,
                                          int toYear) {
        OffsetDateTime best = null;
        long bestDistance = Long.MAX_VALUE;
        long r = received.getEpochSecond();
        for (int y = fromYear; y <= toYear; y++) {
            if (y < Year.MIN_VALUE || y > Year.MAX_VALUE || t.day() > Month.of(t.month()).length(Year.isLeap(y))) {
                continue;
            }
            OffsetDateTime candidate;
            try {
                candidate = ZonedDateTime.of(y, t.month(), t.day(), t.hour(), t.minute(), t.second(), 0, zone)
                        .toOffsetDateTime();
            } catch (DateTimeException e) {
                // Only at the edges of the supported range; such a year is simply not a candidate.
                continue;
            }
            long distance = Math.abs(candidate.toEpochSecond() - r);
            if (distance < bestDistance) { // strict: on a tie the earlier year, met first, stays
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }
}

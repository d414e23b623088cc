package dev.jinit.syslog.internal;

import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;

/**
 * An RFC 3339 timestamp as RFC 5424 uses it: {@code 2026-11-27T23:52:58.952273+00:00}.
 *
 * <p>Read leniently where being strict would only lose a message: {@code T} and {@code Z} in either case, 1–9
 * fraction digits (RFC 5424 allows 6). Dates that do not exist (Feb 30), hours past 23 and leap seconds ({@code :60},
 * which RFC 5424 forbids) make it no timestamp; so do offsets beyond ±18:00, which {@link ZoneOffset} cannot hold.
 * This is an internal class.
 *
 * @param value the timestamp, with the offset it was written in
 * @param end   the index just after it
 */
public record Rfc3339Timestamp(OffsetDateTime value, int end) {

    /** The timestamp at {@code b[p]}, before {@code end}; null if there is none. */
    public static Rfc3339Timestamp parse(byte[] b, int p, int end) {
        // Shortest form: "2026-11-27T23:52:58Z", 20 bytes.
        if (end - p < 20) {
            return null;
        }
        int year = fourDigits(b, p);
        if (year < 0 || b[p + 4] != '-' || b[p + 7] != '-' || (b[p + 10] | 0x20) != 't' || b[p + 13] != ':'
                || b[p + 16] != ':') {
            return null;
        }
        int month = Rfc3164Timestamp.twoDigits(b, p + 5);
        int day = Rfc3164Timestamp.twoDigits(b, p + 8);
        int hour = Rfc3164Timestamp.twoDigits(b, p + 11);
        int minute = Rfc3164Timestamp.twoDigits(b, p + 14);
        int second = Rfc3164Timestamp.twoDigits(b, p + 17);
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = p + 19;
        int nanos = 0;
        if (b[i] == '.') {
            i++;
            int digits = 0;
            while (i < end && Rfc3164Timestamp.digit(b[i])) {
                if (digits == 9) {
                    return null;
                }
                nanos = nanos * 10 + (b[i] - '0');
                digits++;
                i++;
            }
            if (digits == 0) {
                return null;
            }
            for (int k = digits; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= end) {
            return null;
        }
        ZoneOffset offset;
        if ((b[i] | 0x20) == 'z') {
            offset = ZoneOffset.UTC;
            i++;
        } else if (b[i] == '+' || b[i] == '-') {
            if (end - i < 6 || b[i + 3] != ':') {
                return null;
            }
            int oh = Rfc3164Timestamp.twoDigits(b, i + 1);
            int om = Rfc3164Timestamp.twoDigits(b, i + 4);
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                return null;
            }
            int seconds = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
            offset = ZoneOffset.ofTotalSeconds(seconds);
            i += 6;
        } else {
            return null;
        }
        return new Rfc3339Timestamp(OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset), i);
    }

    private static int fourDigits(byte[] b, int i) {
        int hi = Rfc3164Timestamp.twoDigits(b, i);
        int lo = Rfc3164Timestamp.twoDigits(b, i + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }
}

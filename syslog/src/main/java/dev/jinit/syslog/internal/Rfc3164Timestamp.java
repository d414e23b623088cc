package dev.jinit.syslog.internal;

/**
 * An RFC 3164 TIMESTAMP, {@code Mmm dd hh:mm:ss}: no year, no zone, no fraction.
 *
 * <p>Read as glibc and logger write it ({@code Nov 27 23:53:09}, {@code Nov  7 23:53:09}: a single-digit day padded
 * with a space), and also with an unpadded ({@code Nov 7}) or zero-padded ({@code Nov 07}, rsyslog's "buggy day")
 * day, which syslog-ng and rsyslog mangle or skip. The month is English, in any case. It must be followed by a space
 * or the end of the message. The date is not checked against a year here ({@code Feb 29}); see
 * {@link YearInference}. This is an internal class.
 *
 * @param month  1–12
 * @param day    1–31
 * @param hour   0–23
 * @param minute 0–59
 * @param second 0–59
 * @param end    the index just after the timestamp
 */
public record Rfc3164Timestamp(int month, int day, int hour, int minute, int second, int end) {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    /** The timestamp at {@code b[p]}, before {@code end}; null if there is none. */
    public static Rfc3164Timestamp parse(byte[] b, int p, int end) {
        // Shortest form "Nov 7 23:53:09" is 14 bytes.
        if (end - p < 14) {
            return null;
        }
        int month = month(b[p], b[p + 1], b[p + 2]);
        if (month == 0 || b[p + 3] != ' ') {
            return null;
        }
        int i = p + 4;
        int day;
        if (b[i] == ' ') {
            // "Nov  7": space-padded, the form glibc and logger send.
            if (!digit(b[i + 1])) {
                return null;
            }
            day = b[i + 1] - '0';
            i += 2;
        } else if (digit(b[i])) {
            day = b[i] - '0';
            i++;
            if (digit(b[i])) {
                day = day * 10 + (b[i] - '0');
                i++;
            }
        } else {
            return null;
        }
        if (day < 1 || day > 31 || b[i] != ' ') {
            return null;
        }
        i++;
        if (end - i < 8 || b[i + 2] != ':' || b[i + 5] != ':') {
            return null;
        }
        int hour = twoDigits(b, i);
        int minute = twoDigits(b, i + 3);
        int second = twoDigits(b, i + 6);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        i += 8;
        if (i < end && b[i] != ' ') {
            return null;
        }
        return new Rfc3164Timestamp(month, day, hour, minute, second, i);
    }

    private static int month(byte a, byte b, byte c) {
        int la = a | 0x20;
        int lb = b | 0x20;
        int lc = c | 0x20;
        for (int m = 0; m < 12; m++) {
            if (MONTHS.charAt(3 * m) == la && MONTHS.charAt(3 * m + 1) == lb && MONTHS.charAt(3 * m + 2) == lc) {
                return m + 1;
            }
        }
        return 0;
    }

    static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The two-digit number at {@code b[i]}, or -1. */
    static int twoDigits(byte[] b, int i) {
        if (!digit(b[i]) || !digit(b[i + 1])) {
            return -1;
        }
        return (b[i] - '0') * 10 + (b[i + 1] - '0');
    }
}

package dev.jinit.syslog;

import java.util.Locale;
import java.util.Optional;

/**
 * The 24 syslog facilities (RFC 5424 table 1), with the code that goes into PRI and the keyword selectors use.
 *
 * <p>Keywords are rsyslog's: codes 0–11 and 16–23 as in glibc's {@code <syslog.h>}; 12–15, which glibc leaves
 * unnamed, as rsyslog names them ({@code ntp}, {@code audit}, {@code alert}, {@code clock}). {@code security} is
 * accepted as an old alias of {@code auth}, as by sysklogd and rsyslog. Immutable.
 */
public enum Facility {
    KERN(0, "kern"),
    USER(1, "user"),
    MAIL(2, "mail"),
    DAEMON(3, "daemon"),
    AUTH(4, "auth"),
    SYSLOG(5, "syslog"),
    LPR(6, "lpr"),
    NEWS(7, "news"),
    UUCP(8, "uucp"),
    CRON(9, "cron"),
    AUTHPRIV(10, "authpriv"),
    FTP(11, "ftp"),
    NTP(12, "ntp"),
    AUDIT(13, "audit"),
    ALERT(14, "alert"),
    CLOCK(15, "clock"),
    LOCAL0(16, "local0"),
    LOCAL1(17, "local1"),
    LOCAL2(18, "local2"),
    LOCAL3(19, "local3"),
    LOCAL4(20, "local4"),
    LOCAL5(21, "local5"),
    LOCAL6(22, "local6"),
    LOCAL7(23, "local7");

    private static final Facility[] BY_CODE = values();

    private final int code;
    private final String keyword;

    Facility(int code, String keyword) {
        this.code = code;
        this.keyword = keyword;
    }

    /** The numeric code, 0–23: PRI is {@code code × 8 + severity}. */
    public int code() {
        return code;
    }

    /** The selector keyword, lower case ({@code authpriv}, {@code local0}). */
    public String keyword() {
        return keyword;
    }

    /**
     * The facility with this code.
     *
     * @param code 0–23
     * @throws IllegalArgumentException for any other code
     */
    public static Facility ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("facility code must be between 0 and 23, but was " + code);
        }
        return BY_CODE[code];
    }

    /** The facility named by a keyword (case-insensitive, {@code security} for {@code auth}); empty if unknown. */
    public static Optional<Facility> ofKeyword(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        if (k.equals("security")) {
            return Optional.of(AUTH);
        }
        for (Facility f : BY_CODE) {
            if (f.keyword.equals(k)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}

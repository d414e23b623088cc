package dev.jinit.syslog;

import java.util.Locale;
import java.util.Optional;

/**
 * The 8 syslog severities (RFC 5424 table 2), most severe first: a lower code is more severe.
 *
 * <p>Keywords are glibc's and rsyslog's; {@code panic}, {@code error} and {@code warn} are accepted as the aliases
 * sysklogd and rsyslog accept. Immutable.
 */
public enum Severity {
    EMERG(0, "emerg"),
    ALERT(1, "alert"),
    CRIT(2, "crit"),
    ERR(3, "err"),
    WARNING(4, "warning"),
    NOTICE(5, "notice"),
    INFO(6, "info"),
    DEBUG(7, "debug");

    private static final Severity[] BY_CODE = values();

    private final int code;
    private final String keyword;

    Severity(int code, String keyword) {
        this.code = code;
        this.keyword = keyword;
    }

    /** The numeric code, 0 (emerg) to 7 (debug). */
    public int code() {
        return code;
    }

    /** The selector keyword, lower case ({@code err}, {@code warning}). */
    public String keyword() {
        return keyword;
    }

    /** Whether this severity is {@code other} or more severe (a selector's {@code .other}). */
    public boolean isAtLeast(Severity other) {
        return code <= other.code;
    }

    /**
     * The severity with this code.
     *
     * @param code 0–7
     * @throws IllegalArgumentException for any other code
     */
    public static Severity ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("severity code must be between 0 and 7, but was " + code);
        }
        return BY_CODE[code];
    }

    /** The severity named by a keyword (case-insensitive, aliases included); empty if unknown. */
    public static Optional<Severity> ofKeyword(String keyword) {
        switch (keyword.toLowerCase(Locale.ROOT)) {
            case "panic":
                return Optional.of(EMERG);
            case "error":
                return Optional.of(ERR);
            case "warn":
                return Optional.of(WARNING);
            default:
                for (Severity s : BY_CODE) {
                    if (s.keyword.equalsIgnoreCase(keyword)) {
                        return Optional.of(s);
                    }
                }
                return Optional.empty();
        }
    }
}
